"""Gains from leaving an agreement in time linear in its members' near providers.

Most rows of a benefit domain agree with many others off the diagonal (one
value for far states, one per region, one per role in the exchange of
skilled labour). :func:`near_lists` splits each row into its class's common
*far* values and its own *near* providers; :func:`sparse_gains` then sums a
member's gain from leaving over its near providers plus a few sums per class
over the agreement, and evaluates it at several depths at once: provision is
linear in the depth, so each sum is kept as a constant and a coefficient of
the depth, and a further depth costs a few products per member. The defection
cascade (:func:`~.stability.core`) and the treaty designer's menu
(:func:`~.stability.cascades`) use it.
"""

from __future__ import annotations

import numpy as np

from ..._jit import jit
from .provision import clip, crowd

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
def sparse_work(n):
    """Work arrays for :func:`sparse_gains` with ``n`` states."""
    return np.empty((MAX_CLASSES, n)), np.empty((MAX_CLASSES, n)), np.zeros((2, MAX_CLASSES)), np.zeros((5, MAX_CLASSES))


@jit
def sparse_gains(G, members, inside, SD, SN, us, x, cr, funding, ds, lists, work, gains):
    """Each member's gain in this issue from leaving the agreement ``members``
    (exclusion convention) at each depth of ``ds``, added to the rows of
    ``gains`` (one per depth), in time linear in the members' near providers
    (:func:`near_lists`): when member *k* of class *c* leaves, a far column *j*
    loses ``b_k VD[c, j]`` of its domain sum and ``b_k VN[c, j]`` of its reach
    sum, and its users ``VU[c, j]``, so while no contribution meets a bound its
    change is linear in ``b_k`` and the far columns enter through sums per
    class over the agreement. A provider's contribution at depth *d* is linear
    in *d* (:func:`~.provision.deepen`), so every sum is kept as a constant and
    a coefficient of the depth, and each depth costs a few products per member
    (the gain is a quadratic in the depth). ``inside``: the agreement as a
    mask; ``SD``, ``SN``, ``us``: its columns' sums; ``x``, ``cr``: each
    member's coordinated provision before the depth is applied and its
    crowding; ``work``: :func:`sparse_work`.
    Returns False (nothing added) when a bound may bind: the caller then sums
    column by column (:func:`~.stability.member_gains`)."""
    ptr, idx, cls, VD, VN, VU = lists
    X, s, W, A = work
    e, r = G.e, G.r
    ue = 1.0 - e
    m = members.size
    nd = ds.size
    whole = m - 1 >= 2
    paid_rest = 1.0 - funding if whole else 1.0
    W[:] = 0.0
    used, bmax = W[0], W[1]
    for j in members:
        c = cls[j]
        used[c] = 1.0
        bmax[c] = max(bmax[c], G.b[j])
    # X[c, j]: column j's coordinated provision once a member of class c has left,
    # before the leaver's own share, less its status quo; s[c, j]: its loss per
    # unit of the leaver's weight. Where a class's leaver is not a user of column j
    # (VU[c, j] == 0) the column's crowding, and so its provision, is the same for
    # every such class. The sums per class over the agreement: A[0] of VD g0,
    # A[1] of VD X (times the rest's depth), A[2] of VD s (the same), A[3] of
    # W g0 and A[4] of W (x - g0) (times the depth), W the unit benefit.
    A[:] = 0.0
    for t in range(m):
        j = members[t]
        inv = 1.0 / (G.c[j] * paid_rest)
        g0 = G.g0[j]
        base = ue * SD[j] + G.p[j]
        x_kept = (base + e * SN[j] * cr[j]) * inv
        for c in range(MAX_CLASSES):
            if used[c] == 0.0:
                continue
            if VU[c, j] == 0.0:
                c_, xc = cr[j], x_kept
            else:
                c_ = crowd(r, us[j] - VU[c, j] - G.U[j, j])
                xc = (base + e * SN[j] * c_) * inv
            sj = (ue * VD[c, j] + e * VN[c, j] * c_) * inv
            if xc > G.K[j] or xc - sj * bmax[c] < 0.0:
                return False
            X[c, j], s[c, j] = xc - g0, sj
            w_in = ue * VD[c, j] + e * VN[c, j] * cr[j]
            A[0, c] += VD[c, j] * g0
            A[1, c] += VD[c, j] * (xc - g0)
            A[2, c] += VD[c, j] * sj
            A[3, c] += w_in * g0
            A[4, c] += w_in * (x[j] - g0)
    for a in range(m):
        k = members[a]
        c = cls[k]
        bk = G.b[k]
        w_far = ue * VD[c, k] + e * VN[c, k] * cr[k]
        w_own = ue * G.D[k, k] + e * G.N[k, k] * cr[k]
        g0k = G.g0[k]
        dxk = x[k] - g0k
        # what k receives from the rest once it has left, far columns: a0 + dr (a1 - b_k fs);
        # near ones: n0 + dr n1; what it receives as a member: i0 + d i1
        a0 = A[0, c] - VD[c, k] * g0k
        a1 = A[1, c] - VD[c, k] * X[c, k]
        fs = A[2, c] - VD[c, k] * s[c, k]
        i0 = A[3, c] + (w_own - w_far) * g0k
        i1 = A[4, c] + (w_own - w_far) * dxk
        n0 = 0.0
        n1 = 0.0
        for t in range(ptr[k], ptr[k + 1]):
            j = idx[t]
            if not inside[j]:
                continue
            g0 = G.g0[j]
            w_near = (ue * G.D[k, j] + e * G.N[k, j] * cr[j]) - (ue * VD[c, j] + e * VN[c, j] * cr[j])
            i0 += w_near * g0
            i1 += w_near * (x[j] - g0)
            a0 -= VD[c, j] * g0
            a1 -= VD[c, j] * X[c, j]
            fs -= VD[c, j] * s[c, j]
            c_ = crowd(r, us[j] - G.U[k, j] - G.U[j, j])
            gj = clip((ue * (SD[j] - bk * G.D[k, j]) + e * (SN[j] - bk * G.N[k, j]) * c_ + G.p[j])
                      / (G.c[j] * paid_rest), G.K[j])
            wd = ue * G.D[k, j]
            n0 += wd * g0
            n1 += wd * (gj - g0)
        wkk = ue * G.D[k, k] + e * G.N[k, k]
        alone = clip((bk * wkk + G.p[k]) / G.c[k], G.K[k])
        fixed = bk * (wkk * alone) + G.p[k] * alone - G.c[k] * alone * alone / 2.0
        for q in range(nd):
            d = ds[q]
            dr = d if whole else 1.0
            gk = g0k + d * dxk
            after = n0 + dr * n1 + ue * (a0 + dr * a1 - bk * dr * fs)
            gains[q, a] += fixed + bk * (after - (i0 + d * i1)) - G.p[k] * gk + (1.0 - funding) * G.c[k] * gk * gk / 2.0
    return True
