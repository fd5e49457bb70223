"""Gains from leaving an agreement in time linear in its members' near providers.

Most rows of a benefit domain agree with many others off the diagonal (one
value for far states, one per region, one per role in the exchange of
skilled labour). :func:`near_lists` splits each row into its class's common
*far* values and its own *near* providers; :func:`sparse_gains` then sums a
member's gain from leaving over its near providers plus a few sums per class
over the agreement, and evaluates it at several depths at once: the
divisions (each provider's coordinated provision, with and without the
leaver) do not depend on the depth, only the weighted sums do. The defection
cascade (:func:`~.stability.core`) and the treaty designer's menu
(:func:`~.stability.cascades`) use it.
"""

from __future__ import annotations

import numpy as np

from ..._jit import jit
from .provision import clip, crowd, deepen

__all__ = ["MAX_CLASSES", "near_lists", "sparse_gains", "sparse_work"]


#: At most this many row classes in :func:`near_lists` (the exchange of skilled labour has three:
#: sending, receiving and states taking no part; a geographic domain one).
MAX_CLASSES = 4


@jit
def _mismatches(G, k, r):
    """Columns (other than ``k`` and ``r``) where rows ``k`` and ``r`` of D, N, U differ."""
    miss = 0
    for j in range(G.D.shape[0]):
        if j != k and j != r and (G.D[k, j] != G.D[r, j] or G.N[k, j] != G.N[r, j]
                                  or G.U[k, j] != G.U[r, j]):
            miss += 1
    return miss


@jit
def near_lists(G):
    """Each state's *near* providers, as compressed rows (``ptr``, ``idx``), with
    the class of its row (``cls``) and each class's *far* values of every column
    (``VD``, ``VN``, ``VU``: MAX_CLASSES x n). Rows whose domains agree off the
    diagonal share a class (each row joins the class whose first row it differs
    from least, or opens a new one when that differs in more than an eighth of
    the columns); a class's far value of column *j* is the candidate of Boyer &
    Moore's (1981) majority vote over its rows (the value most of them have
    there whenever one value has more than half), and a row's near providers
    are exactly the *j* where it differs from its class's far value. A
    member's leaving changes a far column by amounts that depend on its class
    alone, so its gain is a sum over its near providers plus sums over the
    agreement per class (:func:`sparse_gains`); the classes chosen change the
    time and the order of the sums (rounding), not what is summed."""
    n = G.D.shape[0]
    cls = np.zeros(n, np.int64)
    first = np.zeros(MAX_CLASSES, np.int64)
    n_cls = 0
    for k in range(n):
        best, best_miss = -1, n + 1
        for c in range(n_cls):
            miss = _mismatches(G, k, first[c])
            if miss < best_miss:
                best, best_miss = c, miss
        if best >= 0 and (8 * best_miss <= n or n_cls == MAX_CLASSES):
            cls[k] = best
        else:
            first[n_cls] = k
            cls[k] = n_cls
            n_cls += 1
    VD = np.zeros((MAX_CLASSES, n))
    VN = np.zeros((MAX_CLASSES, n))
    VU = np.zeros((MAX_CLASSES, n))
    votes = np.zeros(MAX_CLASSES, np.int64)
    for j in range(n):
        votes[:] = 0
        for i in range(n):
            if i == j:
                continue
            c = cls[i]
            if votes[c] == 0:
                VD[c, j], VN[c, j], VU[c, j] = G.D[i, j], G.N[i, j], G.U[i, j]
                votes[c] = 1
            elif VD[c, j] == G.D[i, j] and VN[c, j] == G.N[i, j] and VU[c, j] == G.U[i, j]:
                votes[c] += 1
            else:
                votes[c] -= 1
    ptr = np.zeros(n + 1, np.int64)
    for k in range(n):
        c = cls[k]
        count = 0
        for j in range(n):
            if j != k and (G.D[k, j] != VD[c, j] or G.N[k, j] != VN[c, j] or G.U[k, j] != VU[c, j]):
                count += 1
        ptr[k + 1] = ptr[k] + count
    idx = np.empty(ptr[n], np.int64)
    for k in range(n):
        c = cls[k]
        t = ptr[k]
        for j in range(n):
            if j != k and (G.D[k, j] != VD[c, j] or G.N[k, j] != VN[c, j] or G.U[k, j] != VU[c, j]):
                idx[t] = j
                t += 1
    return ptr, idx, cls, VD, VN, VU


@jit
def sparse_work(n, n_depths):
    """Work arrays for :func:`sparse_gains` with ``n`` states and up to ``n_depths`` depths."""
    return (np.empty((MAX_CLASSES, n)), np.empty((MAX_CLASSES, n)), np.zeros((2, MAX_CLASSES)),
            np.zeros((3, n_depths, MAX_CLASSES)), np.empty((4, n_depths)))


@jit
def sparse_gains(G, members, inside, SD, SN, us, x, cr, funding, ds, lists, work, gains):
    """Each member's gain in this issue from leaving the agreement ``members``
    (exclusion convention) at each depth of ``ds``, added to the rows of
    ``gains`` (one per depth), in time linear in the members' near providers
    (:func:`near_lists`): when member *k* of class *c* leaves, a far column *j*
    loses ``b_k VD[c, j]`` of its domain sum and ``b_k VN[c, j]`` of its reach
    sum, and its users ``VU[c, j]``, so while no contribution meets a bound its
    change is linear in ``b_k`` and the far columns enter through three sums
    per class over the agreement. ``inside``: the agreement as a mask; ``SD``,
    ``SN``, ``us``: its columns' sums; ``x``, ``cr``: each member's coordinated
    provision before the depth is applied (:func:`~.provision.deepen`) and its
    crowding; ``work``: :func:`sparse_work`. Each depth's gains are the same
    numbers, to the last bit, as when computed alone.
    Returns False (nothing added) when a bound may bind: the caller then sums
    column by column (:func:`~.stability.member_gains`)."""
    ptr, idx, cls, VD, VN, VU = lists
    X, s, W, A, T = work
    e, r = G.e, G.r
    m = members.size
    nd = ds.size
    paid_rest = 1.0 - funding if m - 1 >= 2 else 1.0
    whole = m - 1 >= 2   # the rest keep the depth; a lone state provides alone (depth 1)
    W[:] = 0.0
    A[:, :nd] = 0.0
    used, bmax = W[0], W[1]
    for j in members:
        c = cls[j]
        used[c] = 1.0
        bmax[c] = max(bmax[c], G.b[j])
    # X[c, j]: column j's coordinated provision once a member of class c has left,
    # before the leaver's own share and the depth; s[c, j]: its loss per unit of
    # the leaver's weight. Where a class's leaver is not a user of column j
    # (VU[c, j] == 0) the column's crowding, and so its provision, is the same
    # for every such class.
    for t in range(m):
        j = members[t]
        den = G.c[j] * paid_rest
        x_kept = ((1.0 - e) * SD[j] + e * SN[j] * cr[j] + G.p[j]) / den
        for c in range(MAX_CLASSES):
            if used[c] == 0.0:
                continue
            if VU[c, j] == 0.0:
                c_, xc = cr[j], x_kept
            else:
                c_ = crowd(r, us[j] - VU[c, j] - G.U[j, j])
                xc = ((1.0 - e) * SD[j] + e * SN[j] * c_ + G.p[j]) / den
            sj = ((1.0 - e) * VD[c, j] + e * VN[c, j] * c_) / den
            if xc > G.K[j] or xc - sj * bmax[c] < 0.0:
                return False
            X[c, j], s[c, j] = xc, sj
            w_in = (1.0 - e) * VD[c, j] + e * VN[c, j] * cr[j]
            for q in range(nd):
                dr = ds[q] if whole else 1.0
                A[0, q, c] += VD[c, j] * deepen(G, j, xc, dr)
                A[1, q, c] += VD[c, j] * (dr * sj)
                A[2, q, c] += w_in * deepen(G, j, x[j], ds[q])
    far_X, far_s, ins, aft = T[0], T[1], T[2], T[3]
    for a in range(m):
        k = members[a]
        c = cls[k]
        w_far = (1.0 - e) * VD[c, k] + e * VN[c, k] * cr[k]
        w_own = (1.0 - e) * G.D[k, k] + e * G.N[k, k] * cr[k]
        for q in range(nd):
            dr = ds[q] if whole else 1.0
            gk = deepen(G, k, x[k], ds[q])
            far_X[q] = A[0, q, c] - VD[c, k] * deepen(G, k, X[c, k], dr)
            far_s[q] = A[1, q, c] - VD[c, k] * (dr * s[c, k])
            ins[q] = A[2, q, c] - w_far * gk + w_own * gk
            aft[q] = 0.0
        for t in range(ptr[k], ptr[k + 1]):
            j = idx[t]
            if not inside[j]:
                continue
            w_near = (((1.0 - e) * G.D[k, j] + e * G.N[k, j] * cr[j])
                      - ((1.0 - e) * VD[c, j] + e * VN[c, j] * cr[j]))
            SDj = SD[j] - G.b[k] * G.D[k, j]
            SNj = SN[j] - G.b[k] * G.N[k, j]
            c_ = crowd(r, us[j] - G.U[k, j] - G.U[j, j])
            gj = clip(((1.0 - e) * SDj + e * SNj * c_ + G.p[j]) / (G.c[j] * paid_rest), G.K[j])
            w_dom = (1.0 - e) * G.D[k, j]
            for q in range(nd):
                dr = ds[q] if whole else 1.0
                ins[q] += w_near * deepen(G, j, x[j], ds[q])
                far_X[q] -= VD[c, j] * deepen(G, j, X[c, j], dr)
                far_s[q] -= VD[c, j] * (dr * s[c, j])
                aft[q] += w_dom * deepen(G, j, gj, dr)
        wkk = (1.0 - e) * G.D[k, k] + e * G.N[k, k]
        alone = clip((G.b[k] * wkk + G.p[k]) / G.c[k], G.K[k])
        for q in range(nd):
            gk = deepen(G, k, x[k], ds[q])
            after = aft[q] + (1.0 - e) * (far_X[q] - G.b[k] * far_s[q])
            gains[q, a] += (G.b[k] * (after + wkk * alone - ins[q]) + G.p[k] * (alone - gk)
                            - G.c[k] * alone * alone / 2.0 + (1.0 - funding) * G.c[k] * gk * gk / 2.0)
    return True
