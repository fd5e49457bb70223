"""The network of bilateral deals (pairwise stability, with or without transfers within a pair;
Jackson & Wolinsky 1996): the deal dynamic, random improving paths (Jackson & Watts 2002), and
every network enumerated for a few states.
"""

from __future__ import annotations

from typing import NamedTuple

import numpy as np

from ..._jit import jit
from .optimum import transpose
from .provision import clip, crowd, full_depth, member_cost, solve_all, total
from .records import DealNetwork

__all__ = ["transposed", "column_gains", "deal_network", "improving_paths", "components", "ENUMERATED_STATES",
           "pairwise_stable", "stable_networks", "network_welfare", "deal_costs"]

#: Up to this many states, pairwise-stable networks are found by enumerating all
#: ``2 ** (n (n - 1) / 2)`` networks (32,768 at six states).
ENUMERATED_STATES = 6


@jit
def transposed(games):
    """Every issue's ``D``, ``N``, ``U`` by column: ``T[k, 0, j, i]`` is issue
    *k*'s ``D[i, j]`` (1: ``N``, 2: ``U``), so that the deal kernels read both
    directions of a pair from rows. (One array: a list of arrays costs about
    half a microsecond a lookup.)"""
    n = games[0].b.size
    T = np.empty((len(games), 3, n, n))
    for k in range(len(games)):
        G = games[k]
        transpose(G.D, T[k, 0])
        transpose(G.N, T[k, 1])
        transpose(G.U, T[k, 2])
    return T


@jit(inline=True)
def _column_value(e, r, own, d, nn, SD, SN, u, paid_j, admitted):
    """What column *j* gives a partner *i* (``d``, ``nn``: ``D[i, j]``, ``N[i, j]``;
    times ``b_i`` by the caller) and what it gives *j* net of its cost share,
    given the column's sums; ``own``: *j*'s scalars (see :func:`_provider_scalars`). Plain
    numbers only: this runs for every pair, where reading a record costs more
    than the arithmetic."""
    b, c, p, K, Djj, Njj, Ujj = own
    c_ = crowd(r, u - Ujj)
    gj = clip(((1.0 - e) * SD + e * SN * c_ + p) / (c * paid_j), K)
    wij = (1.0 - e) * d + (e * nn * c_ if admitted else 0.0)
    wjj = (1.0 - e) * Djj + e * Njj * c_
    return wij * gj, (b * wjj + p) * gj - paid_j * c * gj * gj / 2.0


@jit(inline=True)
def _provider_scalars(G, j):
    """Provider *j*'s scalars: ``b``, ``c``, ``p``, ``K`` and its diagonal ``D``, ``N``, ``U``."""
    return G.b[j], G.c[j], G.p[j], G.K[j], G.D[j, j], G.N[j, j], G.U[j, j]


@jit(inline=True)
def _column_pair_gains(e, r, own, by, d, nn, uu, SD, SN, u, linked, deg0, funding):
    """Gains of a column's provider *x* and of its partner *y* from the deal (*x*, *y*),
    column *x* only; ``own``: *x*'s scalars; ``by``: *y*'s benefit weight;
    ``d``, ``nn``, ``uu``: ``D[y, x]``, ``N[y, x]``, ``U[y, x]``; ``SD``, ``SN``,
    ``u``: the column's sums as the network stands."""
    if linked:
        SD1, SN1, u1 = SD, SN, u
        SD0, SN0, u0 = SD - by * d, SN - by * nn, u - uu
    else:
        SD0, SN0, u0 = SD, SN, u
        SD1, SN1, u1 = SD + by * d, SN + by * nn, u + uu
    to_y1, to_x1 = _column_value(e, r, own, d, nn, SD1, SN1, u1, 1.0 - funding, True)
    to_y0, to_x0 = _column_value(e, r, own, d, nn, SD0, SN0, u0, 1.0 if deg0 == 0 else 1.0 - funding, False)
    return to_x1 - to_x0, by * (to_y1 - to_y0)


@jit
def column_gains(games, cols, sums, deg, M, z, k, opts):
    """Gains of provider *z* and of its partner *k* from the deal (*z*, *k*),
    through *z*'s columns only (every issue, before any transfer or side
    payment), the rest of the network given. ``sums[t]``: issue *t*'s column
    sums; ``cols``: the issues' :func:`transposed` matrices (entries are read
    from row *z*: loop over *k* for speed). Column *z*'s part changes only when
    *z*'s own deals do, so the deal network keeps it between steps."""
    linked = M[z, k]
    dz0 = deg[z] - 1 if linked else deg[z]
    gz = 0.0
    gk = 0.0
    f = opts.funding
    for t in range(len(games)):
        G = games[t]
        x, y = _column_pair_gains(G.e, G.r, _provider_scalars(G, z), G.b[k], cols[t, 0, z, k], cols[t, 1, z, k],
                     cols[t, 2, z, k], sums[t, 0, z], sums[t, 1, z], sums[t, 2, z], linked, dz0, f)
        gz += x
        gk += y
    return gz, gk


@jit(inline=True)
def _first_deal_payment(deg, M, i, j, side_payment):
    """The side payment *i* receives for the deal (*i*, *j*): its first deal only."""
    di0 = deg[i] - 1 if M[i, j] else deg[i]
    return side_payment if di0 == 0 else 0.0


@jit(inline=True)
def _joint(P, Q, deg, M, i, j, side_payment, pc, transfers):
    """What decides the deal (*i*, *j*), from the column parts: *i* gains
    ``P[i, j]`` through its own columns and ``Q[j, i]`` through *j*'s, plus a
    side payment for a first deal, less its decision cost of the deal ``pc``.
    With ``transfers`` the pair's joint gain (it can share it); without, the
    smaller of the two gains (a deal needs both; Jackson & Wolinsky 1996)."""
    gi = (P[i, j] + Q[j, i]) + _first_deal_payment(deg, M, i, j, side_payment) - pc[i]
    gj = (P[j, i] + Q[i, j]) + _first_deal_payment(deg, M, j, i, side_payment) - pc[j]
    return gi + gj if transfers else min(gi, gj)


@jit
def _update(games, sums, M, i, j, sign):
    """Column sums after the deal (*i*, *j*) is formed (``sign`` 1) or ended (-1)."""
    for k in range(len(games)):
        G = games[k]
        for (x, y) in ((i, j), (j, i)):
            sums[k, 0, x] += sign * G.b[y] * G.D[y, x]
            sums[k, 1, x] += sign * G.b[y] * G.N[y, x]
            sums[k, 2, x] += sign * G.U[y, x]


@jit
def _rescan(joint, M, ended, i, top_v, top_j, low_v, low_j):
    """Row *i*'s first largest formable and first smallest existing joint gain."""
    n = joint.shape[0]
    tv, tj, lv, lj = -np.inf, -1, np.inf, -1
    for j in range(i + 1, n):
        v = joint[i, j]
        if M[i, j]:
            if v < lv:
                lv, lj = v, j
        elif not ended[i, j] and v > tv:
            tv, tj = v, j
    top_v[i], top_j[i], low_v[i], low_j[i] = tv, tj, lv, lj


@jit
def _revise(joint, M, ended, k, x, y, top_v, top_j, low_v, low_j):
    """Row *k*'s record after its entries in columns *x* and *y* changed (their
    deal status did not: only a row holding one of them as its record, and now
    worse, is scanned again)."""
    for z in (x, y):
        if z <= k:
            continue
        v = joint[k, z]
        if M[k, z]:
            if low_j[k] == z and v > low_v[k]:
                _rescan(joint, M, ended, k, top_v, top_j, low_v, low_j)
                return
            if v < low_v[k] or (v == low_v[k] and z < low_j[k]):
                low_v[k], low_j[k] = v, z
        elif not ended[k, z]:
            if top_j[k] == z and v < top_v[k]:
                _rescan(joint, M, ended, k, top_v, top_j, low_v, low_j)
                return
            if v > top_v[k] or (v == top_v[k] and z < top_j[k]):
                top_v[k], top_j[k] = v, z


class _Network(NamedTuple):
    """The deal dynamic's state: each state's cost of a deal ``pc``, its number of
    deals ``deg``, the network ``M``, every issue's column ``sums`` and
    :func:`transposed` matrices ``cols``, the column parts ``P``, ``Q`` (see
    :func:`column_gains`) and each pair's ``joint`` gain from its deal
    (:func:`_joint`, upper triangle)."""

    pc: np.ndarray
    deg: np.ndarray
    M: np.ndarray
    sums: np.ndarray
    cols: np.ndarray
    P: np.ndarray
    Q: np.ndarray
    joint: np.ndarray


@jit
def _network_state(games, M, opts, stake):
    """The :class:`_Network` of the network ``M`` (diagonal set; kept, not copied)."""
    n = games[0].b.size
    pc = np.empty(n)
    for i in range(n):
        pc[i] = member_cost(opts, stake[i], 2)
    deg = np.zeros(n, np.int64)
    sums = np.empty((len(games), 3, n))
    for k in range(len(games)):
        G = games[k]
        for j in range(n):
            sums[k, 0, j] = G.b[j] * G.D[j, j]
            sums[k, 1, j] = G.b[j] * G.N[j, j]
            sums[k, 2, j] = G.U[j, j]
            for y in range(n):
                if y != j and M[y, j]:
                    sums[k, 0, j] += G.b[y] * G.D[y, j]
                    sums[k, 1, j] += G.b[y] * G.N[y, j]
                    sums[k, 2, j] += G.U[y, j]
    for i in range(n):
        for j in range(n):
            if i != j and M[i, j]:
                deg[i] += 1
    cols = transposed(games)
    # P[z, k], Q[z, k]: what provider z and its partner k gain from their deal
    # through z's columns (see column_gains); a step changes only two rows
    P = np.empty((n, n))
    Q = np.empty((n, n))
    for z in range(n):
        for k in range(n):
            if k != z:
                P[z, k], Q[z, k] = column_gains(games, cols, sums, deg, M, z, k, opts)
    joint = np.zeros((n, n))
    for i in range(n):
        for j in range(i + 1, n):
            joint[i, j] = _joint(P, Q, deg, M, i, j, opts.side_payment, pc, opts.transfers)
    return _Network(pc, deg, M, sums, cols, P, Q, joint)


@jit(inline=True)
def _toggle(games, net, x, y, sign, opts):
    """Form (``sign`` 1) or end (-1) the deal (*x*, *y*): only the column parts of
    *x* and *y*, and the joint gains of the pairs with one of them, change."""
    n = net.M.shape[0]
    net.M[x, y] = net.M[y, x] = sign > 0
    net.deg[x] += sign
    net.deg[y] += sign
    _update(games, net.sums, net.M, x, y, float(sign))
    for z in (x, y):
        for k in range(n):
            if k != z:
                net.P[z, k], net.Q[z, k] = column_gains(games, net.cols, net.sums, net.deg, net.M, z, k, opts)
    for z in (x, y):
        for k in range(n):
            if k != z:
                net.joint[min(k, z), max(k, z)] = _joint(net.P, net.Q, net.deg, net.M, z, k, opts.side_payment,
                                                         net.pc, opts.transfers)


@jit(inline=True)
def _blocks(net, i, j, tol):
    """Whether the pair (*i*, *j*), *i* < *j*, would change its deal."""
    return net.joint[i, j] < -tol if net.M[i, j] else net.joint[i, j] > tol


@jit
def _record(net, opts, tol):
    """The :class:`~.records.DealNetwork` of a state of the dynamic: each deal's
    states, each one's share of :func:`_joint` (from the column parts), and
    the pairs that block the network."""
    n = net.M.shape[0]
    count = 0
    n_blocking = 0
    for i in range(n):
        for j in range(i + 1, n):
            count += net.M[i, j]
            n_blocking += _blocks(net, i, j, tol)
    pairs = np.empty((count, 2), np.int64)
    gains = np.empty((count, 2))
    blocking = np.empty((n_blocking, 2), np.int64)
    t = 0
    b = 0
    for i in range(n):
        for j in range(i + 1, n):
            if _blocks(net, i, j, tol):
                blocking[b, 0], blocking[b, 1] = i, j
                b += 1
            if net.M[i, j]:
                pairs[t, 0], pairs[t, 1] = i, j
                gains[t, 0] = ((net.P[i, j] + net.Q[j, i])
                               + _first_deal_payment(net.deg, net.M, i, j, opts.side_payment) - net.pc[i])
                gains[t, 1] = ((net.P[j, i] + net.Q[i, j])
                               + _first_deal_payment(net.deg, net.M, j, i, opts.side_payment) - net.pc[j])
                t += 1
    return DealNetwork(net.M, n_blocking == 0, pairs, gains, blocking)


@jit
def deal_network(games, opts, tol, stake):
    """Bilateral deals: from no deal, repeatedly form the deal with the largest
    joint gain of its pair, or end the deal with the largest joint loss, until
    no pair gains from forming a deal and none loses from keeping one, decision
    costs included (each party pays its cost of an agreement of two states
    for every deal; ``stake``: each state's status-quo provision cost), the
    pair's joint gain deciding with ``opts.transfers`` and each one's without.
    That is pairwise stability (Jackson & Wolinsky 1996, Bloch & Jackson 2007).
    Improving paths can cycle (Jackson & Watts 2002), so a deal once ended is
    not formed again: each deal forms at most once and ends at most once, and
    the dynamic ends within ``n (n - 1)`` steps. Where a deal it ended would
    form again, the network it ends at is not pairwise stable; it is returned
    with the pairs that block it (``blocking``). Returns a
    :class:`~.records.DealNetwork`."""
    n = games[0].b.size
    net = _network_state(games, np.eye(n, dtype=np.bool_), opts, stake)
    joint = net.joint
    ended = np.zeros((n, n), np.bool_)
    # per row i, over j > i: the first largest joint gain of a deal that may form
    # and the first smallest of a deal that exists (the scan is then O(n) a step)
    top_v = np.full(n, -np.inf)
    top_j = np.full(n, -1, np.int64)
    low_v = np.full(n, np.inf)
    low_j = np.full(n, -1, np.int64)
    for i in range(n):
        _rescan(joint, net.M, ended, i, top_v, top_j, low_v, low_j)
    for _step in range(n * (n - 1) + 1):   # each deal forms at most once and ends at most once
        best, bi = tol, -1
        worst, wi = -tol, -1
        for i in range(n):
            if top_v[i] > best:
                best, bi = top_v[i], i
            if low_v[i] < worst:
                worst, wi = low_v[i], i
        if bi >= 0:
            x, y, sign = bi, top_j[bi], 1
        elif wi >= 0:
            x, y, sign = wi, low_j[wi], -1
            ended[x, y] = True
        else:
            break
        _toggle(games, net, x, y, sign, opts)
        for k in range(n):
            if k == x or k == y:
                _rescan(joint, net.M, ended, k, top_v, top_j, low_v, low_j)
            elif k < y:
                _revise(joint, net.M, ended, k, x, y, top_v, top_j, low_v, low_j)
    return _record(net, opts, tol)


@jit
def improving_paths(games, start, opts, tol, stake):
    """A random improving path (Jackson & Watts 2002) from the network ``start``:
    at each step one pair that blocks the network, drawn uniformly (numba's
    generator, seeded with ``opts.seed``), changes its deal; ended deals may
    form again. A pairwise-stable network ends the path; improving paths lead
    to a pairwise-stable network or into a closed cycle, and at least one of
    the two exists (Jackson & Watts 2002), so the path is stopped after
    ``n (n - 1)`` steps: the network returned is then the last one reached,
    with the pairs that block it. Returns a :class:`~.records.DealNetwork`."""
    n = games[0].b.size
    net = _network_state(games, start.copy(), opts, stake)
    np.random.seed(opts.seed)
    row = np.zeros(n, np.int64)   # blocking pairs (i, j), j > i, of each row i
    for i in range(n):
        for j in range(i + 1, n):
            row[i] += _blocks(net, i, j, tol)
    n_blocking = row.sum()
    for _step in range(n * (n - 1)):
        if n_blocking == 0:
            break
        r = np.random.randint(n_blocking)
        x = 0
        while r >= row[x]:
            r -= row[x]
            x += 1
        y = x + 1
        while True:
            if _blocks(net, x, y, tol):
                if r == 0:
                    break
                r -= 1
            y += 1
        for sign_ in (-1, 1):   # the pairs with x or y: out of the counts, toggle, back in
            for z in (x, y):
                for k in range(n):
                    if k != z and not (z == y and k == x) and _blocks(net, min(k, z), max(k, z), tol):
                        row[min(k, z)] += sign_
                        n_blocking += sign_
            if sign_ < 0:
                _toggle(games, net, x, y, -1 if net.M[x, y] else 1, opts)
    return _record(net, opts, tol)


@jit
def components(M):
    """Connected components of a network as labels (deal clusters)."""
    n = M.shape[0]
    labels = np.full(n, -1, np.int64)
    nxt = 0
    stack = np.empty(n, np.int64)
    for s in range(n):
        if labels[s] >= 0:
            continue
        labels[s] = nxt
        top = 0
        stack[0] = s
        top = 1
        while top > 0:
            top -= 1
            v = stack[top]
            for w in range(n):
                if M[v, w] and labels[w] < 0:
                    labels[w] = nxt
                    stack[top] = w
                    top += 1
        nxt += 1
    return labels



@jit
def deal_costs(M, stake, opts):
    """Each state's decision costs in the deal network ``M``: one agreement of two
    states per deal."""
    n = M.shape[0]
    out = np.zeros(n)
    for i in range(n):
        for j in range(n):
            if i != j and M[i, j]:
                out[i] += member_cost(opts, stake[i], 2)
    return out


@jit
def network_welfare(games, M, opts, stake):
    """Each state's payoff in the deal network ``M`` (levers included), net of its
    decision costs (:func:`deal_costs`), and their sum (welfare net of the
    donor's outlay and of decision costs)."""
    eq = solve_all(games, M, opts, False, full_depth(M.shape[0]))
    paid = deal_costs(M, stake, opts)
    return eq.payoffs - paid, eq.welfare - total(paid)


@jit(inline=True)
def _pair_moves(di, dj, linked, transfers, tol):
    """Whether a pair changes its deal: ``di``, ``dj``: what each has now over the
    network with the deal toggled. An existing deal ends when one of them (with
    transfers: the pair) gains from ending it; an absent one forms when both
    gain from it (with transfers: the pair)."""
    if linked:
        return (di + dj < -tol) if transfers else (min(di, dj) < -tol)
    return (-(di + dj) > tol) if transfers else (min(-di, -dj) > tol)


@jit
def _network_of(bits, pairs, n):
    M = np.zeros((n, n), np.bool_)
    for i in range(n):
        M[i, i] = True
    for t in range(pairs.shape[0]):
        if (bits >> t) & 1:
            M[pairs[t, 0], pairs[t, 1]] = M[pairs[t, 1], pairs[t, 0]] = True
    return M


@jit
def stable_networks(games, opts, tol, stake):
    """Every network on *n* <= :data:`ENUMERATED_STATES` states enumerated: the
    number that are pairwise stable (no deal that one of its states gains
    from ending, no absent deal both would gain from forming; with transfers,
    the pair's joint gain decides; decision costs included) and the one of them with the highest welfare (diagonal
    only when none is)."""
    n = games[0].b.size
    n_pairs = n * (n - 1) // 2
    pairs = np.empty((n_pairs, 2), np.int64)
    t = 0
    for i in range(n):
        for j in range(i + 1, n):
            pairs[t, 0], pairs[t, 1] = i, j
            t += 1
    count = 1 << n_pairs
    net = np.empty((count, n))
    welfare = np.empty(count)
    for bits in range(count):
        net[bits], welfare[bits] = network_welfare(games, _network_of(bits, pairs, n), opts, stake)
    found = 0
    best, best_w = -1, -np.inf
    for bits in range(count):
        stable = True
        for t in range(n_pairs):
            other = bits ^ (1 << t)
            i, j = pairs[t, 0], pairs[t, 1]
            if _pair_moves(net[bits, i] - net[other, i], net[bits, j] - net[other, j], (bits >> t) & 1 == 1,
                           opts.transfers, tol):
                stable = False
                break
        if stable:
            found += 1
            if welfare[bits] > best_w + tol:
                best, best_w = bits, welfare[bits]
    if best < 0:
        return found, np.eye(n, dtype=np.bool_)
    return found, _network_of(best, pairs, n)


@jit
def pairwise_stable(games, M, opts, tol, stake):
    """Whether the network ``M`` is pairwise stable (as in :func:`stable_networks`),
    every pair checked by solving the network with its deal toggled."""
    n = M.shape[0]
    net, _w = network_welfare(games, M, opts, stake)
    T = M.copy()
    for i in range(n):
        for j in range(i + 1, n):
            T[i, j] = T[j, i] = not M[i, j]
            other, _w = network_welfare(games, T, opts, stake)
            T[i, j] = T[j, i] = M[i, j]
            if _pair_moves(net[i] - other[i], net[j] - other[j], M[i, j], opts.transfers, tol):
                return False
    return True
