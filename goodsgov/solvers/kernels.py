"""Compiled solvers of the contribution game's agreements.

The one implementation of the numbers behind :mod:`goodsgov.solvers.agreements`,
:mod:`goodsgov.solvers.matching` and :func:`goodsgov.predict_governance`:
partial-agreement equilibria, the gains from leaving and from joining an
agreement, the defection cascade, the search for a large self-enforcing
agreement, the best pairing, the level rule, and :func:`solve_row`, which
chains them for one sweep point without building any Python object. The
public functions wrap these; :func:`goodsgov.sweep` calls :func:`solve_row`
directly, so a sweep row and :func:`goodsgov.predict_governance` agree to
the last bit.

Arguments are the game's arrays: ``b`` benefit weights, ``W`` the
spillover matrix, ``c`` costs, ``p`` private benefits, ``K`` capacities
(``inf``: none), ``e`` excludability; ``labels``: one agreement label per
state (``0 .. m-1``); levers: ``funding``, ``side`` payment, ``link``
(linkage). Formulas and sources: see the docstrings of the wrappers in
:mod:`goodsgov.solvers.agreements` (Olson & Zeckhauser 1966; Buchanan 1965;
d'Aspremont et al. 1983; Carraro & Siniscalco 1993).
"""

from __future__ import annotations

import numpy as np

from .._jit import jit
from .blossom import blossom_matching

__all__ = ["total", "captured_value", "equilibrium", "leave_payoffs", "joining_gains", "core",
           "stable_search", "pair_gains", "pairing", "level_code", "solve_row", "ROW_FIELDS",
           "MATCH_TOL"]

#: Pairs whose gain is at most this are never matched.
MATCH_TOL = 1e-12
#: What :func:`solve_row` writes, in order (scopes: unilateral, bilateral, regional, multilateral).
ROW_FIELDS = ("level_code", "provision_unilateral", "provision_bilateral", "provision_regional",
              "provision_multilateral", "welfare_unilateral", "welfare_bilateral", "welfare_regional",
              "welfare_multilateral", "surplus_share_unilateral", "surplus_share_bilateral",
              "surplus_share_regional", "surplus_share_multilateral", "gap_provision_share",
              "gap_surplus_share", "self_enforcing", "stable_coalition_size")


@jit
def total(x):
    """Sum in index order (the one summation used for provision and welfare)."""
    s = 0.0
    for v in x:
        s += v
    return s


@jit
def _clip(x, cap):
    return min(max(x, 0.0), cap)


@jit
def captured_value(b, W, p, labels):
    """Each provider's marginal value of provision to its agreement:
    ``sum_{i in a(j)} b_i W[i, j] + p_j``."""
    n = b.size
    out = np.empty(n)
    for j in range(n):
        acc = 0.0
        for i in range(n):
            if labels[i] == labels[j]:
                acc += b[i] * W[i, j]
        out[j] = acc + p[j]
    return out


@jit
def equilibrium(b, W, c, p, K, labels, captured, funding):
    """Contributions, payoffs and the funder's outlay given captured values:
    ``g_j = clip(captured_j / (c_j * paid_j), 0, K_j)``, where members of
    agreements pay ``1 - funding`` of their cost."""
    g, payoffs, outlay, _ = _solve(b, W, c, p, K, labels, captured, funding)
    return g, payoffs, outlay


@jit
def _solve(b, W, c, p, K, labels, captured, funding):
    """:func:`equilibrium`, and also ``W @ g`` (what each state receives)."""
    n = b.size
    sizes = np.zeros(labels.max() + 1, np.int64)
    for j in range(n):
        sizes[labels[j]] += 1
    g = np.empty(n)
    funded = np.empty(n)
    for j in range(n):
        paid = 1.0 - funding if sizes[labels[j]] > 1 else 1.0
        g[j] = _clip(captured[j] / (c[j] * paid), K[j])
        funded[j] = (1.0 - paid) * c[j] * g[j] * g[j] / 2.0
    received = _received(W, g)
    payoffs = np.empty(n)
    for i in range(n):
        payoffs[i] = b[i] * received[i] + p[i] * g[i] - c[i] * g[i] * g[i] / 2.0 + funded[i]
    return g, payoffs, total(funded), received


@jit
def _received(W, g):
    n = g.size
    out = np.empty(n)
    for i in range(n):
        acc = 0.0
        for j in range(n):
            acc += W[i, j] * g[j]
        out[i] = acc
    return out


@jit
def leave_payoffs(b, W, c, p, K, e, g, captured, members, funding):
    """Each member's payoff after leaving the agreement ``members`` (sorted):
    the rest re-optimise, the leaver best-responds alone and keeps
    ``1 - e`` of the rest's provision."""
    return _leave(b, W, c, p, K, e, g, _received(W, g), captured, members, funding)


@jit
def _leave(b, W, c, p, K, e, g, received, captured, members, funding):
    size = members.size
    paid = 1.0 - funding if size > 2 else 1.0
    leave = np.empty(size)
    for a in range(size):
        k = members[a]
        own = _clip((b[k] * W[k, k] + p[k]) / c[k], K[k])
        kept = 0.0
        inside = 0.0
        for t in range(size):
            j = members[t]
            inside += W[k, j] * g[j]
            if t != a:
                kept += W[k, j] * _clip((captured[j] - b[k] * W[k, j]) / (c[j] * paid), K[j])
        outside = received[k] - inside
        leave[a] = (b[k] * (outside + (1.0 - e) * kept + W[k, k] * own)
                    + p[k] * own - c[k] * own * own / 2.0)
    return leave


@jit
def joining_gains(b, W, c, p, K, e, g, payoffs, captured, members, outsiders, funding, side, link):
    """Each outsider's gain from joining ``members``: members and joiner
    re-optimise, and a state outside is excluded from the members' provision
    as far as ``e`` allows."""
    return _joining(b, W, c, p, K, e, g, _received(W, g), payoffs, captured, members, outsiders,
                    funding, side, link)


@jit
def _joining(b, W, c, p, K, e, g, received, payoffs, captured, members, outsiders, funding, side, link):
    factor = 1.0 - funding
    forfeit = side + link * members.size
    out = np.empty(outsiders.size)
    for a in range(outsiders.size):
        o = outsiders[a]
        own_capt = 0.0
        inside = 0.0
        raised = 0.0
        for j in members:
            own_capt += b[j] * W[j, o]
            inside += W[o, j] * g[j]
            raised += W[o, j] * _clip((captured[j] + b[o] * W[o, j]) / (c[j] * factor), K[j])
        go = _clip((own_capt + b[o] * W[o, o] + p[o]) / (c[o] * factor), K[o])
        rest = received[o] - inside - W[o, o] * g[o]
        joined = (b[o] * (rest + raised + W[o, o] * go) + p[o] * go
                  - factor * c[o] * go * go / 2.0 + forfeit)
        out[a] = joined - (payoffs[o] - e * b[o] * inside)
    return out


@jit
def _most_tempted(b, W, c, p, K, e, g, received, payoffs, captured, members, funding, side, link, tol):
    """Index (into ``members``) of the member who gains most by leaving, or -1
    when no member gains more than ``tol`` (the agreement is self-enforcing)."""
    leave = _leave(b, W, c, p, K, e, g, received, captured, members, funding)
    forfeit = side + link * (members.size - 1)
    best, arg = tol, -1
    for a in range(members.size):
        gain = leave[a] - (payoffs[members[a]] + forfeit)
        if gain > best:
            best, arg = gain, a
    return arg


@jit
def core(b, W, c, p, K, e, labels, funding, side, link, tol):
    """The defection cascade: each round, in every agreement that is not
    self-enforcing the member with the largest gain from leaving leaves;
    repeat until all are. Returns the new labels and captured values."""
    labels = labels.copy()
    captured = captured_value(b, W, p, labels)
    groups = labels.max() + 1
    fresh = groups
    while True:
        g, payoffs, _, received = _solve(b, W, c, p, K, labels, captured, funding)
        start = captured.copy()
        moved = False
        for grp in range(groups):
            members = np.flatnonzero(labels == grp)
            if members.size < 2:
                continue
            a = _most_tempted(b, W, c, p, K, e, g, received, payoffs, start, members, funding, side, link, tol)
            if a < 0:
                continue
            k = members[a]
            for j in members:
                if j != k:
                    captured[j] -= b[k] * W[k, j]
            captured[k] = b[k] * W[k, k] + p[k]
            labels[k] = fresh
            fresh += 1
            moved = True
        if not moved:
            return labels, captured


@jit
def stable_search(b, W, c, p, K, e, labels, captured, funding, side, link, tol, candidates, rounds):
    """From a self-enforcing partition (``labels``, ``captured``: a
    :func:`core` of the grand coalition), take its largest agreement and let
    outsiders join, the most eager of ``candidates`` first, while the enlarged
    agreement stays self-enforcing. Returns the labels and captured values
    of the final equilibrium, the members (a mask) and whether no outsider
    gains by joining."""
    n = b.size
    sizes = np.zeros(labels.max() + 1, np.int64)
    for i in range(n):
        sizes[labels[i]] += 1
    largest = np.argmax(sizes)
    member = labels == largest
    if sizes[largest] < 2:
        member[:] = False
    g, payoffs, _, received = _solve(b, W, c, p, K, labels, captured, funding)
    for _round in range(rounds):
        members = np.flatnonzero(member)
        outsiders = np.flatnonzero(~member)
        if members.size == 0 or outsiders.size == 0:
            break
        gains = _joining(b, W, c, p, K, e, g, received, payoffs, captured, members, outsiders, funding,
                         side, link)
        order = np.argsort(-gains, kind="mergesort")
        grew = False
        tried = 0
        for o in order:
            if gains[o] <= tol or tried == candidates:
                break
            tried += 1
            joiner = outsiders[o]
            trial = np.arange(n)
            trial[members] = trial[joiner] = min(members[0], joiner)
            bigger = np.sort(np.append(members, joiner))
            capt = captured_value(b, W, p, trial)
            tg, tpay, _, trec = _solve(b, W, c, p, K, trial, capt, funding)
            if _most_tempted(b, W, c, p, K, e, tg, trec, tpay, capt, bigger, funding, side, link, tol) < 0:
                labels, captured, g, payoffs, received = trial, capt, tg, tpay, trec
                member[joiner] = True
                grew = True
                break
        if not grew:
            break
    members = np.flatnonzero(member)
    outsiders = np.flatnonzero(~member)
    external = True
    if members.size > 0 and outsiders.size > 0:
        gains = _joining(b, W, c, p, K, e, g, received, payoffs, captured, members, outsiders, funding,
                         side, link)
        external = bool(np.all(gains <= tol))
    return labels, captured, member, external


@jit
def pair_gains(b, W, c, p, K):
    """Welfare gain over Nash of each deal ``{i, j}``: provider *j*'s captured
    value rises by ``b_i W[i, j]``, and its welfare contribution is
    ``V_j g_j - c_j g_j**2 / 2`` with ``V_j`` its social value of provision."""
    n = b.size
    value = np.empty(n)
    alone = np.empty(n)
    base = np.empty(n)
    for j in range(n):
        acc = 0.0
        for i in range(n):
            acc += b[i] * W[i, j]
        value[j] = acc + p[j]
        base[j] = b[j] * W[j, j] + p[j]
        g0 = _clip(base[j] / c[j], K[j])
        alone[j] = value[j] * g0 - c[j] * g0 * g0 / 2.0
    delta = np.empty((n, n))
    for i in range(n):
        for j in range(n):
            g1 = _clip((base[j] + b[i] * W[i, j]) / c[j], K[j])
            delta[i, j] = value[j] * g1 - c[j] * g1 * g1 / 2.0 - alone[j]
    gains = np.zeros((n, n))
    for i in range(n):
        for j in range(n):
            if i != j:
                gains[i, j] = delta[i, j] + delta[j, i]
    return gains


@jit
def match(weights, tol):
    """Maximum-weight matching of the symmetric ``weights`` over pairs above
    ``tol``: each state's partner, or -1."""
    n = weights.shape[0]
    count = 0
    for i in range(n):
        for j in range(i + 1, n):
            if weights[i, j] > tol:
                count += 1
    ei = np.empty(count, np.int64)
    ej = np.empty(count, np.int64)
    w = np.empty(count)
    k = 0
    for i in range(n):
        for j in range(i + 1, n):
            if weights[i, j] > tol:
                ei[k], ej[k], w[k] = i, j, weights[i, j]
                k += 1
    return blossom_matching(n, ei, ej, w)


@jit
def pairing(b, W, c, p, K):
    """Labels of the welfare-maximising set of bilateral deals: deals first,
    ordered by their lower member, then the unpaired states."""
    mate = match(pair_gains(b, W, c, p, K), MATCH_TOL)
    n = b.size
    labels = np.empty(n, np.int64)
    nxt = 0
    for i in range(n):
        if mate[i] > i:
            labels[i] = labels[mate[i]] = nxt
            nxt += 1
    for i in range(n):
        if mate[i] < 0:
            labels[i] = nxt
            nxt += 1
    return labels


@jit
def level_code(opt_provision, opt_welfare, nash_welfare, share_bilateral, share_regional,
               bilateral_is_all, regional_is_all, capture, negligible, tol):
    """The level rule of :mod:`goodsgov.governance`: 0 none, 1 unilateral,
    2 bilateral, 3 regional, 4 multilateral."""
    if opt_provision <= tol or opt_welfare <= 0.0:
        return 0
    surplus = opt_welfare - nash_welfare
    if surplus <= tol * opt_welfare or surplus < negligible * opt_welfare:
        return 1
    if not bilateral_is_all and share_bilateral >= capture - tol:
        return 2
    if not regional_is_all and share_regional >= capture - tol:
        return 3
    return 4


@jit
def _one_group(labels):
    for i in range(labels.size):
        if labels[i] != labels[0]:
            return False
    return True


@jit
def solve_row(b, W, c, p, K, e, regions, funding, side, link, capture, negligible, tol, candidates, out):
    """One sweep point: write :data:`ROW_FIELDS` to ``out`` (the numbers
    :func:`goodsgov.predict_governance` reports, from the same kernels)."""
    n = b.size
    scopes = np.empty((4, n), np.int64)
    scopes[0] = np.arange(n)
    scopes[1] = pairing(b, W, c, p, K)
    scopes[2] = regions
    scopes[3] = 0
    provision = np.empty(4)
    welfare = np.empty(4)
    for s in range(4):
        g, payoffs, _ = equilibrium(b, W, c, p, K, scopes[s], captured_value(b, W, p, scopes[s]), funding)
        provision[s] = total(g)
        welfare[s] = total(payoffs)
    surplus = welfare[3] - welfare[0]
    meaningful = surplus > tol * abs(welfare[3])
    shares = np.ones(4)
    if meaningful:
        for s in range(4):
            shares[s] = (welfare[s] - welfare[0]) / surplus
    level = level_code(provision[3], welfare[3], welfare[0], shares[1], shares[2], _one_group(scopes[1]),
                       _one_group(scopes[2]), capture, negligible, tol)
    scope = level - 1 if level > 0 else 0
    labels, captured = core(b, W, c, p, K, e, scopes[scope], funding, side, link, tol)
    g, payoffs, _ = equilibrium(b, W, c, p, K, labels, captured, funding)
    achieved_provision, achieved_welfare = total(g), total(payoffs)
    enforced = True
    for i in range(n):
        if labels[i] != scopes[scope, i]:
            enforced = False
    if scope != 3:
        labels, captured = core(b, W, c, p, K, e, scopes[3], funding, side, link, tol)
    _, _, member, _ = stable_search(b, W, c, p, K, e, labels, captured, funding, side, link, tol,
                                    candidates, n)
    out[0] = level
    out[1:5] = provision
    out[5:9] = welfare
    out[9:13] = shares
    out[13] = (1.0 - achieved_provision / provision[3]) if provision[3] > tol else 0.0
    out[14] = (welfare[3] - achieved_welfare) / surplus if meaningful else 0.0
    out[15] = 1.0 if enforced else 0.0
    out[16] = member.sum()
