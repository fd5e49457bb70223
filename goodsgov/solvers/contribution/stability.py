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
from .sparse import near_lists, sparse_gains, sparse_work

__all__ = ["leave_gains", "member_gains", "join_gains", "agreement_gains", "all_stable", "all_stable_at", "core",
           "core_of", "survivors", "cascades", "new_sums", "fill_sums", "round_gains", "single_agreement",
           "outsider_gains", "external_stable"]


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
    return all_stable_at(games, labels, depth, stake, opts, tol, open_, M, solve_all(games, M, opts, False, depth))


@jit
def all_stable_at(games, labels, depth, stake, opts, tol, open_, M, eq):
    """:func:`all_stable` given the agreements' admission ``M`` and equilibrium
    ``eq`` (:func:`~.provision.solve_all` of ``M`` at ``depth``), when the caller has them."""
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
    depth); repeat until all are. ``lists``: each issue's
    :func:`~.sparse.near_lists`. Without a budget the donor's payments do not
    couple the agreements, and each round updates only the columns of the
    agreement a member left (the work grows with the agreements' members, not
    with the states)."""
    if opts.budget < np.inf:
        return _core_budget(games, labels, depth, stake, opts, tol)
    labels = labels.copy()
    n = labels.size
    fresh = labels.max() + 1
    sizes = group_sizes(labels)
    groups = []   # each agreement's members, in the order of its label
    for grp in range(sizes.size):
        if sizes[grp] >= 2:
            groups.append(np.flatnonzero(labels == grp))
    sums = new_sums(len(games), n)
    for members in groups:
        fill_sums(games, members, sums, 1.0 - opts.funding)
    inside = np.zeros(n, np.bool_)
    work = sparse_work(n)
    while True:
        moved = False
        for t in range(len(groups)):
            members = groups[t]
            if members.size < 2:
                continue
            inside[:] = False
            inside[members] = True
            gains = round_gains(games, members, inside, sums, depth[members[0]:members[0] + 1],
                                 stake, opts, lists, work)[0]
            a = _unstable_member(gains, opts.transfers, tol)
            if a < 0:
                continue
            labels[members[a]] = fresh
            fresh += 1
            moved = True
            groups[t] = _leave(games, members, a, sums, opts.funding)
        if not moved:
            return labels


@jit(inline=True)
def _coordinate(G, j, SD, SN, u, paid):
    """Provider *j*'s coordinated contribution (before the depth) and its
    crowding factor given its column sums."""
    c_ = crowd(G.r, u - G.U[j, j])
    return clip(((1.0 - G.e) * SD + G.e * SN * c_ + G.p[j]) / (G.c[j] * paid), G.K[j]), c_


@jit
def fill_sums(games, members, sums, paid):
    """Set the columns of the agreement ``members`` in ``sums`` (``SD``, ``SN``,
    ``us``, ``x``, ``cr``: issue x state arrays): their sums over the members,
    each one's coordinated provision before the depth at cost share ``paid``,
    and its crowding."""
    SD, SN, us, x, cr = sums
    for k in range(len(games)):
        G = games[k]
        for j in members:
            SD[k, j], SN[k, j], us[k, j] = 0.0, 0.0, 0.0
            for i in members:
                SD[k, j] += G.b[i] * G.D[i, j]
                SN[k, j] += G.b[i] * G.N[i, j]
                us[k, j] += G.U[i, j]
            x[k, j], cr[k, j] = _coordinate(G, j, SD[k, j], SN[k, j], us[k, j], paid)


@jit
def round_gains(games, members, inside, sums, ds, stake, opts, lists, work):
    """Each member's gain from leaving the agreement ``members`` (a mask:
    ``inside``) at each depth of ``ds`` (a row per depth), every issue, lever
    and decision cost included, from its columns' ``sums`` (:func:`fill_sums`)."""
    SD, SN, us, x, cr = sums
    m = members.size
    gains = np.zeros((ds.size, m))
    for k in range(len(games)):
        G = games[k]
        if not sparse_gains(G, members, inside, SD[k], SN[k], us[k], x[k], cr[k], opts.funding, ds, lists[k],
                            work, gains):
            g = np.empty(inside.size)
            for q in range(ds.size):
                for j in members:
                    g[j] = deepen(G, j, x[k, j], ds[q])
                gains[q] += member_gains(G, members, SD[k, members], SN[k, members], us[k, members], g, cr[k],
                                         opts.funding, False, ds[q])
    for q in range(ds.size):
        for a in range(m):
            gains[q, a] -= opts.side_payment
            gains[q, a] += member_cost(opts, stake[members[a]], m)
    return gains


@jit
def _leave(games, members, a, sums, funding):
    """The agreement ``members`` without its ``a``-th member, with the rest's
    columns in ``sums`` updated in place."""
    SD, SN, us, x, cr = sums
    leaver = members[a]
    rest = np.concatenate((members[:a], members[a + 1:]))
    rest_paid = 1.0 - funding if rest.size > 1 else 1.0
    for k in range(len(games)):
        G = games[k]
        for j in rest:
            SD[k, j] -= G.b[leaver] * G.D[leaver, j]
            SN[k, j] -= G.b[leaver] * G.N[leaver, j]
            us[k, j] -= G.U[leaver, j]
            x[k, j], cr[k, j] = _coordinate(G, j, SD[k, j], SN[k, j], us[k, j], rest_paid)
    return rest


@jit
def new_sums(k_games, n):
    """Empty column sums (``SD``, ``SN``, ``us``, ``x``, ``cr``) for :func:`fill_sums`."""
    return (np.empty((k_games, n)), np.empty((k_games, n)), np.empty((k_games, n)), np.empty((k_games, n)),
            np.empty((k_games, n)))


@jit
def survivors(games, start, d, stake, opts, tol, lists):
    """The largest agreement left by the defection cascade (:func:`core`) from
    the agreements ``start`` at depth ``d`` (a mask; fewer than two members
    when none is left)."""
    cascade = core(games, start, np.full(start.size, d), stake, opts, tol, lists)
    return cascade == np.argmax(group_sizes(cascade))


@jit
def cascades(games, forum, ds, stake, opts, tol, lists):
    """The agreement the defection cascade (:func:`core`) leaves of the whole
    ``forum`` at each depth of ``ds`` (a mask per row; fewer than two members
    when none is left), the cascades run side by side: depths whose cascades
    have seen the same leavers share one agreement and its columns, and the
    gains at all of them come from one pass (:func:`~.sparse.sparse_gains`).
    Rows after the first depth at which the whole forum holds are left empty
    (the treaty designer reads no further, :func:`~.treaties.treaty`)."""
    nd = ds.size
    n = forum.size
    out = np.zeros((nd, n), np.bool_)
    if opts.budget < np.inf:
        for q in range(nd):
            out[q] = survivors(games, single_agreement(forum), ds[q], stake, opts, tol, lists)
            if out[q].sum() == forum.sum():
                break
        return out
    members = np.flatnonzero(forum)
    sums = new_sums(len(games), n)
    fill_sums(games, members, sums, 1.0 - opts.funding)
    work = sparse_work(n)
    # each branch: its agreement, its columns' sums and the depths whose cascades are at it
    stack = [(members, sums, np.arange(nd))]
    root = True
    inside = np.zeros(n, np.bool_)
    while len(stack) > 0:
        members, sums, qs = stack.pop()
        inside[:] = False
        inside[members] = True
        if members.size < 2:
            for q in qs:
                out[q] = inside
            continue
        gains = round_gains(games, members, inside, sums, ds[qs], stake, opts, lists, work)
        leaver = np.empty(qs.size, np.int64)
        for i in range(qs.size):
            leaver[i] = _unstable_member(gains[i], opts.transfers, tol)
        if root:
            root = False
            for i in range(qs.size):
                if leaver[i] < 0:   # the whole forum holds: no shallower depth is read
                    qs, leaver = qs[:i + 1], leaver[:i + 1]
                    break
        done = np.zeros(qs.size, np.bool_)
        for i in range(qs.size):
            if leaver[i] < 0:
                out[qs[i]] = inside
                done[i] = True
        for i in range(qs.size):
            if done[i]:
                continue
            same = leaver == leaver[i]
            done |= same
            branch = sums if done.all() else (sums[0].copy(), sums[1].copy(), sums[2].copy(), sums[3].copy(),
                                                sums[4].copy())
            stack.append((_leave(games, members, leaver[i], branch, opts.funding), branch, qs[same]))
    return out


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
