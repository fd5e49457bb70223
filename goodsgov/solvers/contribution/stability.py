"""Gains from leaving and joining agreements, and the defection cascade.

Stability uses the model's convention: a state that leaves is no longer admitted to the
members' excludable benefit (``open_``: the conventional rule in which it keeps it;
d'Aspremont et al. 1983, Barrett 1994), the rest keep the agreement's depth
(Finus & Maus 2008) and the leaver saves its decision cost (``stake``: each
state's status-quo provision cost, see :func:`~.provision.member_cost`).
"""

from __future__ import annotations

import numpy as np

from ..._jit import jit
from .provision import admission_of, clip, column_sums, crowd, deepen, group_sizes, member_cost, solve_all, total
from .records import Joining

__all__ = ["leave_gains", "member_gains", "join_gains", "agreement_gains", "all_stable", "core", "core_of",
           "single_agreement", "outsider_gains", "external_stable"]


@jit
def leave_gains(G, M, members, g, cr, funding, open_, d):
    """Each member's gain in this issue from leaving its agreement ``members``
    of depth ``d`` (before levers and decision costs): the rest re-optimise
    without it at the same depth, it provides alone and, unless ``open_``, is
    excluded from the rest's excludable benefit."""
    sums = column_sums(G, M, members, False)
    return member_gains(G, members, sums.domain, sums.reach, sums.users, g, cr, funding, open_, d)


@jit
def member_gains(G, members, SDs, SNs, us, g, cr, funding, open_, d):
    """:func:`leave_gains` from the members' column sums (``SDs``, ``SNs``, ``us``,
    in member order) and the issue's contributions ``g`` and crowding ``cr``.
    Only the agreement's own columns and the leaver's change, so nothing
    outside them enters the gain."""
    e, r = G.e, G.r
    m = members.size
    paid_rest = 1.0 - funding if m - 1 >= 2 else 1.0
    out = np.empty(m)
    for a in range(m):
        k = members[a]
        inside = 0.0
        after = 0.0
        for t in range(m):
            j = members[t]
            inside += ((1.0 - e) * G.D[k, j] + e * G.N[k, j] * cr[j]) * g[j]
            if t == a:
                continue
            SD = SDs[t] - G.b[k] * G.D[k, j]
            SN = SNs[t] - G.b[k] * G.N[k, j]
            if open_:
                c_ = cr[j]
                w = (1.0 - e) * G.D[k, j] + e * G.N[k, j] * cr[j]
            else:
                c_ = crowd(r, us[t] - G.U[k, j] - G.U[j, j])
                w = (1.0 - e) * G.D[k, j]
            gj = clip(((1.0 - e) * SD + e * SN * c_ + G.p[j]) / (G.c[j] * paid_rest), G.K[j])
            after += w * (deepen(G, j, gj, d) if m - 1 >= 2 else gj)
        if open_:
            wkk = (1.0 - e) * G.D[k, k] + e * G.N[k, k] * cr[k]
        else:
            wkk = (1.0 - e) * G.D[k, k] + e * G.N[k, k]
        gk = clip((G.b[k] * wkk + G.p[k]) / G.c[k], G.K[k])
        out[a] = (G.b[k] * (after + wkk * gk - inside) + G.p[k] * (gk - g[k]) - G.c[k] * gk * gk / 2.0
                  + (1.0 - funding) * G.c[k] * g[k] * g[k] / 2.0)
    return out


@jit
def join_gains(G, members, outsiders, SDs, SNs, us, g, cr, funding, d):
    """Each outsider's (a singleton's) gain in this issue from joining ``members``
    at depth ``d`` (before levers and decision costs): it and the members
    re-optimise together. ``SDs``, ``SNs``, ``us``: the members' column sums (in
    member order); ``g``, ``cr``: every state's provision and crowding. An
    outsider's receipts from other providers are the same either way, so only
    the members' columns and its own enter."""
    e, r = G.e, G.r
    m = members.size
    paid_new = 1.0 - funding
    out = np.empty(outsiders.size)
    for a in range(outsiders.size):
        o = outsiders[a]
        before = 0.0
        after = 0.0
        SDo = G.b[o] * G.D[o, o]
        SNo = G.b[o] * G.N[o, o]
        uo = G.U[o, o]
        for t in range(m):
            j = members[t]
            before += (1.0 - e) * G.D[o, j] * g[j]
            c_ = crowd(r, us[t] + G.U[o, j] - G.U[j, j])
            SD = SDs[t] + G.b[o] * G.D[o, j]
            SN = SNs[t] + G.b[o] * G.N[o, j]
            gj = deepen(G, j, clip(((1.0 - e) * SD + e * SN * c_ + G.p[j]) / (G.c[j] * paid_new), G.K[j]), d)
            after += ((1.0 - e) * G.D[o, j] + e * G.N[o, j] * c_) * gj
            SDo += G.b[j] * G.D[j, o]
            SNo += G.b[j] * G.N[j, o]
            uo += G.U[j, o]
        before += ((1.0 - e) * G.D[o, o] + e * G.N[o, o] * cr[o]) * g[o]
        co = crowd(r, uo - G.U[o, o])
        go = deepen(G, o, clip(((1.0 - e) * SDo + e * SNo * co + G.p[o]) / (G.c[o] * paid_new), G.K[o]), d)
        after += ((1.0 - e) * G.D[o, o] + e * G.N[o, o] * co) * go
        out[a] = (G.b[o] * (after - before) + G.p[o] * (go - g[o]) - paid_new * G.c[o] * go * go / 2.0
                  + G.c[o] * g[o] * g[o] / 2.0)
    return out


@jit
def agreement_gains(games, M, members, eq, opts, open_, d, stake):
    """Each member's gain from leaving ``members`` (an agreement of depth ``d``),
    all issues and levers included: it forfeits the side payment and saves
    its decision cost."""
    gains = np.zeros(members.size)
    for k in range(len(games)):
        issue = eq.issues[k]
        gains += leave_gains(games[k], M, members, issue.contributions, issue.crowding,
                             opts.funding * eq.scale, open_, d)
    if members.size >= 2:
        gains -= opts.side_payment * eq.scale
        for a in range(members.size):
            gains[a] += member_cost(opts, stake[members[a]], members.size)
    return gains


@jit
def _unstable_member(gains, transfers, tol):
    """Index of the member who leaves (largest gain), or -1 if the agreement is
    self-enforcing: no member gains more than ``tol`` or, with transfers within
    the agreement, the members' summed gain is at most ``tol`` (Carraro,
    Eyckmans & Finus 2006's potential internal stability)."""
    arg = np.argmax(gains)
    if transfers:
        return arg if total(gains) > tol else -1
    return arg if gains[arg] > tol else -1


@jit
def all_stable(games, labels, depth, stake, opts, tol, open_):
    """Whether every agreement of ``labels`` (at each state's ``depth``) is
    internally stable."""
    M = admission_of(labels)
    eq = solve_all(games, M, opts, False, depth)
    sizes = group_sizes(labels)
    for grp in range(sizes.size):
        if sizes[grp] < 2:
            continue
        members = np.flatnonzero(labels == grp)
        gains = agreement_gains(games, M, members, eq, opts, open_, depth[members[0]], stake)
        if _unstable_member(gains, opts.transfers, tol) >= 0:
            return False
    return True


@jit
def core_of(games, labels, depth, stake, opts, tol):
    """:func:`core` with the near lists computed here."""
    return core(games, labels, depth, stake, opts, tol, [near_lists(G) for G in games])


@jit
def core(games, labels, depth, stake, opts, tol, lists):
    """The defection cascade: in every agreement that is not internally stable
    the member with the largest gain from leaving leaves (the rest keep the
    depth); repeat until all are. ``lists``: each issue's :func:`near_lists`.
    Without a budget the donor's payments do not couple the agreements, and
    each round updates only the columns of the agreement a member left (the
    work grows with the agreements' members, not with the states)."""
    if opts.budget < np.inf:
        return _core_budget(games, labels, depth, stake, opts, tol)
    labels = labels.copy()
    n = labels.size
    fresh = labels.max() + 1
    k_games = len(games)
    # column sums, provision and crowding, kept for the agreements' members only
    # (nothing else enters a member's gain)
    SD = np.empty((k_games, n))
    SN = np.empty((k_games, n))
    us = np.empty((k_games, n))
    g = np.empty((k_games, n))
    cr = np.empty((k_games, n))
    sizes = group_sizes(labels)
    groups = []   # each agreement's members, in the order of its label
    for grp in range(sizes.size):
        if sizes[grp] >= 2:
            groups.append(np.flatnonzero(labels == grp))
    X = np.empty((MAX_CLASSES, n))
    s = np.empty((MAX_CLASSES, n))
    W = np.empty((5, MAX_CLASSES))
    for k in range(k_games):
        G = games[k]
        for members in groups:
            for j in members:
                SD[k, j], SN[k, j], us[k, j] = 0.0, 0.0, 0.0
                for i in members:
                    SD[k, j] += G.b[i] * G.D[i, j]
                    SN[k, j] += G.b[i] * G.N[i, j]
                    us[k, j] += G.U[i, j]
                g[k, j], cr[k, j] = _provide(G, j, SD[k, j], SN[k, j], us[k, j], 1.0 - opts.funding, depth[j])
    while True:
        moved = False
        for t in range(len(groups)):
            members = groups[t]
            if members.size < 2:
                continue
            grp = labels[members[0]]
            d = depth[members[0]]
            gains = np.zeros(members.size)
            for k in range(k_games):
                if not _sparse_gains(games[k], members, labels, grp, SD[k], SN[k], us[k], g[k], cr[k],
                                     opts.funding, d, lists[k], X, s, W, gains):
                    gains += member_gains(games[k], members, SD[k, members], SN[k, members],
                                          us[k, members], g[k], cr[k], opts.funding, False, d)
            gains -= opts.side_payment
            for a in range(members.size):
                gains[a] += member_cost(opts, stake[members[a]], members.size)
            a = _unstable_member(gains, opts.transfers, tol)
            if a < 0:
                continue
            leaver = members[a]
            labels[leaver] = fresh
            fresh += 1
            moved = True
            rest = np.concatenate((members[:a], members[a + 1:]))
            for k in range(k_games):
                G = games[k]
                for j in rest:
                    SD[k, j] -= G.b[leaver] * G.D[leaver, j]
                    SN[k, j] -= G.b[leaver] * G.N[leaver, j]
                    us[k, j] -= G.U[leaver, j]
                rest_paid = 1.0 - opts.funding if rest.size > 1 else 1.0
                rest_d = d if rest.size > 1 else 1.0
                for j in rest:
                    g[k, j], cr[k, j] = _provide(G, j, SD[k, j], SN[k, j], us[k, j], rest_paid, rest_d)
            groups[t] = rest
        if not moved:
            return labels


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
    agreement per class (:func:`_sparse_gains`); the classes chosen change the
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
def _sparse_gains(G, members, labels, grp, SD, SN, us, g, cr, funding, d, lists, X, s, W, gains):
    """:func:`member_gains` (exclusion convention, depth ``d``) added to
    ``gains`` in time linear in the members' near providers
    (:func:`near_lists`): when member *k* of class *c* leaves, a far column *j*
    loses ``b_k VD[c, j]`` of its domain sum and ``b_k VN[c, j]`` of its reach
    sum, and its users ``VU[c, j]``, so while no contribution meets a bound its
    change is linear in ``b_k`` and the far columns enter through three sums
    per class over the agreement. ``X``, ``s``: work arrays (MAX_CLASSES x n),
    ``W`` one of 5 x MAX_CLASSES.
    Returns False (nothing added) when a bound may bind: the caller then sums
    column by column."""
    ptr, idx, cls, VD, VN, VU = lists
    e, r = G.e, G.r
    m = members.size
    paid_rest = 1.0 - funding if m - 1 >= 2 else 1.0
    d_rest = d if m - 1 >= 2 else 1.0
    W[:] = 0.0
    used, bmax, A_dX, A_ds, A_in = W[0], W[1], W[2], W[3], W[4]
    for j in members:
        c = cls[j]
        used[c] = 1.0
        bmax[c] = max(bmax[c], G.b[j])
    # X[c, j]: column j's provision once a member of class c has left, before
    # the leaver's own share; s[c, j]: its loss per unit of the leaver's weight.
    # Where a class's leaver is not a user of column j (VU[c, j] == 0) the
    # column's crowding, and so its provision, is the same for every such class.
    for t in range(m):
        j = members[t]
        den = G.c[j] * paid_rest
        x_kept = ((1.0 - e) * SD[j] + e * SN[j] * cr[j] + G.p[j]) / den
        X_kept = deepen(G, j, x_kept, d_rest)
        for c in range(MAX_CLASSES):
            if used[c] == 0.0:
                continue
            if VU[c, j] == 0.0:
                c_, x, X[c, j] = cr[j], x_kept, X_kept
            else:
                c_ = crowd(r, us[j] - VU[c, j] - G.U[j, j])
                x = ((1.0 - e) * SD[j] + e * SN[j] * c_ + G.p[j]) / den
                X[c, j] = deepen(G, j, x, d_rest)
            sj = ((1.0 - e) * VD[c, j] + e * VN[c, j] * c_) / den
            if x > G.K[j] or x - sj * bmax[c] < 0.0:
                return False
            s[c, j] = d_rest * sj
            A_dX[c] += VD[c, j] * X[c, j]
            A_ds[c] += VD[c, j] * s[c, j]
            A_in[c] += ((1.0 - e) * VD[c, j] + e * VN[c, j] * cr[j]) * g[j]
    for a in range(m):
        k = members[a]
        c = cls[k]
        far_X = A_dX[c] - VD[c, k] * X[c, k]
        far_s = A_ds[c] - VD[c, k] * s[c, k]
        inside = (A_in[c] - ((1.0 - e) * VD[c, k] + e * VN[c, k] * cr[k]) * g[k]
                  + ((1.0 - e) * G.D[k, k] + e * G.N[k, k] * cr[k]) * g[k])
        after = 0.0
        for q in range(ptr[k], ptr[k + 1]):
            j = idx[q]
            if labels[j] != grp:
                continue
            inside += ((((1.0 - e) * G.D[k, j] + e * G.N[k, j] * cr[j])
                        - ((1.0 - e) * VD[c, j] + e * VN[c, j] * cr[j])) * g[j])
            far_X -= VD[c, j] * X[c, j]
            far_s -= VD[c, j] * s[c, j]
            SDj = SD[j] - G.b[k] * G.D[k, j]
            SNj = SN[j] - G.b[k] * G.N[k, j]
            c_ = crowd(r, us[j] - G.U[k, j] - G.U[j, j])
            gj = clip(((1.0 - e) * SDj + e * SNj * c_ + G.p[j]) / (G.c[j] * paid_rest), G.K[j])
            after += (1.0 - e) * G.D[k, j] * deepen(G, j, gj, d_rest)
        after += (1.0 - e) * (far_X - G.b[k] * far_s)
        wkk = (1.0 - e) * G.D[k, k] + e * G.N[k, k]
        gk = clip((G.b[k] * wkk + G.p[k]) / G.c[k], G.K[k])
        gains[a] += (G.b[k] * (after + wkk * gk - inside) + G.p[k] * (gk - g[k]) - G.c[k] * gk * gk / 2.0
                     + (1.0 - funding) * G.c[k] * g[k] * g[k] / 2.0)
    return True


@jit(inline=True)
def _provide(G, j, SD, SN, u, paid, d):
    """Provider *j*'s contribution at depth ``d`` and its crowding factor given its column sums."""
    c_ = crowd(G.r, u - G.U[j, j])
    return deepen(G, j, clip(((1.0 - G.e) * SD + G.e * SN * c_ + G.p[j]) / (G.c[j] * paid), G.K[j]), d), c_


@jit
def _core_budget(games, labels, depth, stake, opts, tol):
    """:func:`core` when a budget couples the agreements (every round re-solved)."""
    labels = labels.copy()
    fresh = labels.max() + 1
    while True:
        M = admission_of(labels)
        eq = solve_all(games, M, opts, False, depth)
        sizes = group_sizes(labels)
        moved = False
        for grp in range(sizes.size):
            if sizes[grp] < 2:
                continue
            members = np.flatnonzero(labels == grp)
            gains = agreement_gains(games, M, members, eq, opts, False, depth[members[0]], stake)
            a = _unstable_member(gains, opts.transfers, tol)
            if a >= 0:
                labels[members[a]] = fresh
                fresh += 1
                moved = True
        if not moved:
            return labels


@jit
def single_agreement(members_mask):
    n = members_mask.size
    labels = np.empty(n, np.int64)
    nxt = 1
    for i in range(n):
        if members_mask[i]:
            labels[i] = 0
        else:
            labels[i] = nxt
            nxt += 1
    return labels


@jit
def outsider_gains(games, mask, d, stake, opts):
    """The states outside the agreement ``mask`` of depth ``d`` (the rest alone)
    and each one's gain from joining it, every issue, lever and decision cost
    included."""
    members = np.flatnonzero(mask)
    outsiders = np.flatnonzero(~mask)
    M = admission_of(single_agreement(mask))
    depth = np.full(mask.size, d)
    eq = solve_all(games, M, opts, False, depth)
    gains = np.zeros(outsiders.size)
    for k in range(len(games)):
        issue = eq.issues[k]
        sums = column_sums(games[k], M, members, False)
        gains += join_gains(games[k], members, outsiders, sums.domain, sums.reach, sums.users,
                            issue.contributions, issue.crowding, opts.funding * eq.scale, d)
    if members.size < 2:
        gains += opts.side_payment * eq.scale
    for a in range(outsiders.size):
        gains[a] -= member_cost(opts, stake[outsiders[a]], members.size + 1)
    return Joining(outsiders, gains)


@jit
def external_stable(games, mask, d, stake, opts, tol):
    """No outsider (a singleton) gains by joining the agreement ``mask`` of depth ``d``."""
    if not mask.any() or mask.all():
        return True
    gains = outsider_gains(games, mask, d, stake, opts).gains
    for v in gains:
        if v > tol:
            return False
    return True
