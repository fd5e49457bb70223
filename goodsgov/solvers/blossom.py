"""Exact maximum-weight matching of a general graph: Edmonds's blossom algorithm.

Bilateral governance pairs states into deals, and the best set of deals is
a maximum-weight matching (Edmonds 1965, "Paths, trees, and flowers";
weighted form: Edmonds 1965, "Maximum matching and a polyhedron with
0,1-vertices"). This module implements the primal-dual method in the
O(n^3) form of Gabow (1976) and Galil (1986, "Efficient algorithms for
finding maximum matching in graphs", ACM Computing Surveys 18, section 4):

* every vertex has a dual ``u_v`` and every non-trivial blossom a dual
  ``z_B >= 0``; an edge is *tight* when its slack
  ``u_i + u_j - 2 w_ij`` (plus twice the duals of blossoms holding both
  ends) is zero;
* in each stage, alternating trees grow from the unmatched vertices along
  tight edges; an edge between two outer (S) vertices of one tree closes
  an odd cycle, shrunk to a blossom; one between two trees is an
  augmenting path;
* when no tight edge helps, the duals move by the largest step that keeps
  every slack non-negative: a new edge becomes tight, an inner blossom's
  dual reaches zero (the blossom is expanded), or an unmatched vertex's
  dual reaches zero (the matching is optimal: complementary slackness).

Weights are floats; only edges with positive weight matter for a
maximum-weight (not maximum-cardinality) matching. Compiled with
:func:`goodsgov._jit.jit`.
"""

from __future__ import annotations

import numpy as np

from .._jit import jit

__all__ = ["blossom_matching"]

# labels of top-level blossoms in the alternating forest
_FREE, _OUTER, _INNER, _SEEN = 0, 1, 2, 5


@jit
def _leaves(b, n, childs, nchilds, out):
    """Write the vertices inside blossom ``b`` to ``out[:count]``; return ``count``.
    ``out`` has room for ``3 n`` entries: its tail is the traversal's stack."""
    top = n
    out[top] = b
    top += 1
    count = 0
    while top > n:
        top -= 1
        x = out[top]
        if x < n:
            out[count] = x
            count += 1
        else:
            for t in range(nchilds[x]):
                out[top] = childs[x, t]
                top += 1
    return count


@jit
def _assign_label(v, t, p, n, endpoint, mate, label, labelend, inblossom, base, bestedge,
                  childs, nchilds, queue, qlen, buf):
    """Label the top blossom of ``v`` (``t`` outer or inner, reached through
    endpoint ``p``); an inner blossom's base mate becomes outer. Returns the
    queue's new length (outer vertices are queued for scanning)."""
    while True:
        b = inblossom[v]
        label[v] = t
        label[b] = t
        labelend[v] = p
        labelend[b] = p
        bestedge[v] = -1
        bestedge[b] = -1
        if t == _OUTER:
            cnt = _leaves(b, n, childs, nchilds, buf)
            for s in range(cnt):
                queue[qlen] = buf[s]
                qlen += 1
            return qlen
        bb = base[b]
        v = endpoint[mate[bb]]
        p = mate[bb] ^ 1
        t = _OUTER


@jit
def _augment_blossom(b, v, n, endpoint, mate, parent, childs, nchilds, endps, base):
    """Swap matched and unmatched edges inside blossom ``b`` so that vertex
    ``v`` becomes its base (recursively through sub-blossoms)."""
    t = v
    while parent[t] != b:
        t = parent[t]
    if t >= n:
        _augment_blossom(t, v, n, endpoint, mate, parent, childs, nchilds, endps, base)
    size = nchilds[b]
    i = 0
    while childs[b, i] != t:
        i += 1
    # walk the even-length side of the cycle from child i to the base child 0
    if i % 2 == 1:
        j, step, trick = i - size, 1, 0
    else:
        j, step, trick = i, -1, 1
    while j != 0:
        j += step
        t = childs[b, j % size]
        p = endps[b, (j - trick) % size] ^ trick
        if t >= n:
            _augment_blossom(t, endpoint[p], n, endpoint, mate, parent, childs, nchilds, endps, base)
        j += step
        t = childs[b, j % size]
        if t >= n:
            _augment_blossom(t, endpoint[p ^ 1], n, endpoint, mate, parent, childs, nchilds, endps, base)
        mate[endpoint[p]] = p ^ 1
        mate[endpoint[p ^ 1]] = p
    # rotate so that child i is first; its base is the blossom's new base
    rc = np.empty(size, np.int64)
    re = np.empty(size, np.int64)
    for s in range(size):
        rc[s] = childs[b, (i + s) % size]
        re[s] = endps[b, (i + s) % size]
    childs[b, :size] = rc
    endps[b, :size] = re
    base[b] = base[childs[b, 0]]


@jit
def _expand(b, endstage, n, endpoint, weight, mate, label, labelend, inblossom, parent, childs,
            nchilds, endps, base, bestedge, nbest, dual, unused, nunused, queue, qlen, buf):
    """Dissolve blossom ``b`` into its children (at the end of a stage, also
    their children whose dual is zero); an inner blossom expanded mid-stage
    leaves its children labelled along the even path from its entry to its
    base. Returns (queue length, number of unused blossom slots)."""
    size = nchilds[b]
    for s in range(size):
        c = childs[b, s]
        parent[c] = -1
        if c < n:
            inblossom[c] = c
        elif endstage and dual[c] == 0.0:
            qlen, nunused = _expand(c, endstage, n, endpoint, weight, mate, label, labelend, inblossom,
                                    parent, childs, nchilds, endps, base, bestedge, nbest, dual,
                                    unused, nunused, queue, qlen, buf)
        else:
            cnt = _leaves(c, n, childs, nchilds, buf)
            for x in range(cnt):
                inblossom[buf[x]] = c
    if not endstage and label[b] == _INNER:
        entry = inblossom[endpoint[labelend[b] ^ 1]]
        i = 0
        while childs[b, i] != entry:
            i += 1
        on_path = np.zeros(size, np.bool_)
        if i % 2 == 1:
            j, step, trick = i - size, 1, 0
        else:
            j, step, trick = i, -1, 1
        p = labelend[b]
        while j != 0:
            # child j is inner (entered through p); its mate, the next child, outer
            on_path[j % size] = True
            c = childs[b, j % size]
            qlen = _assign_label(endpoint[p ^ 1], _INNER, p, n, endpoint, mate, label, labelend,
                                 inblossom, base, bestedge, childs, nchilds, queue, qlen, buf)
            j += step
            on_path[j % size] = True
            # the unmatched edge from that outer child to the following inner child
            p = endps[b, (j - trick) % size] ^ trick
            j += step
        # the base child: inner, reached through p, matched outside (its mate is labelled)
        c = childs[b, 0]
        on_path[0] = True
        label[endpoint[p ^ 1]] = _INNER
        label[c] = _INNER
        labelend[endpoint[p ^ 1]] = p
        labelend[c] = p
        bestedge[c] = -1
        # children off the path: inner if an outer vertex reached one of their vertices
        for s in range(size):
            c = childs[b, s]
            if on_path[s] or label[c] == _OUTER:
                continue
            cnt = _leaves(c, n, childs, nchilds, buf)
            for x in range(cnt):
                v = buf[x]
                if label[v] == _INNER and labelend[v] >= 0:
                    label[v] = _FREE
                    qlen = _assign_label(v, _INNER, labelend[v], n, endpoint, mate, label, labelend,
                                         inblossom, base, bestedge, childs, nchilds, queue, qlen, buf)
                    break
    label[b] = -1
    labelend[b] = -1
    nchilds[b] = 0
    base[b] = -1
    nbest[b] = -1
    bestedge[b] = -1
    unused[nunused] = b
    return qlen, nunused + 1


@jit
def _scan(v, w, endpoint, label, labelend, inblossom, base, path):
    """Trace both tree paths upwards from outer vertices ``v`` and ``w``: the
    base of the new blossom where they meet, or -1 for an augmenting path."""
    npath = 0
    found = -1
    while v != -1 or w != -1:
        b = inblossom[v]
        if label[b] & 4:
            found = base[b]
            break
        path[npath] = b
        npath += 1
        label[b] = _SEEN
        if labelend[b] == -1:
            v = -1  # reached a root
        else:
            v = endpoint[labelend[b]]
            b = inblossom[v]
            v = endpoint[labelend[b]]
        if w != -1:
            v, w = w, v
    for s in range(npath):
        label[path[s]] = _OUTER
    return found


@jit
def blossom_matching(n, ei, ej, weight):
    """Maximum-weight matching of the graph on ``n`` vertices with edges
    ``(ei[k], ej[k])`` of weight ``weight[k]`` (float64; each pair once, no
    loops). Returns ``mate``: each vertex's partner, or -1."""
    m = ei.size
    mate_out = np.full(n, -1, np.int64)
    if m == 0 or n < 2:
        return mate_out
    nb = 2 * n
    endpoint = np.empty(2 * m, np.int64)
    degree = np.zeros(n + 1, np.int64)
    for k in range(m):
        endpoint[2 * k] = ei[k]
        endpoint[2 * k + 1] = ej[k]
        degree[ei[k] + 1] += 1
        degree[ej[k] + 1] += 1
    start = np.cumsum(degree)
    fill = start[:n].copy()
    neighbend = np.empty(2 * m, np.int64)   # remote endpoints of each vertex's edges
    for k in range(m):
        neighbend[fill[ei[k]]] = 2 * k + 1
        fill[ei[k]] += 1
        neighbend[fill[ej[k]]] = 2 * k
        fill[ej[k]] += 1
    maxw = 0.0
    for k in range(m):
        maxw = max(maxw, weight[k])
    mate = np.full(n, -1, np.int64)          # remote endpoint of the matched edge
    label = np.zeros(nb, np.int64)
    labelend = np.full(nb, -1, np.int64)
    inblossom = np.arange(n)
    parent = np.full(nb, -1, np.int64)
    childs = np.empty((nb, n), np.int64)
    nchilds = np.zeros(nb, np.int64)
    endps = np.empty((nb, n), np.int64)
    base = np.full(nb, -1, np.int64)
    base[:n] = np.arange(n)
    bestedge = np.full(nb, -1, np.int64)
    best = np.empty((nb, nb), np.int64)      # a blossom's least-slack edges to outer blossoms
    nbest = np.full(nb, -1, np.int64)        # -1: not computed
    unused = np.arange(n, nb)[::-1].copy()
    nunused = n
    dual = np.zeros(nb)
    dual[:n] = maxw
    allowed = np.zeros(m, np.bool_)
    queue = np.empty(2 * n, np.int64)
    buf = np.empty(3 * n, np.int64)
    path = np.empty(nb, np.int64)
    bestto = np.full(nb, -1, np.int64)
    slackto = np.zeros(nb)
    cand = np.empty(2 * m, np.int64)

    hi = n  # blossom slots in use lie below hi
    for _stage in range(n):
        label[:] = _FREE
        bestedge[:] = -1
        nbest[n:] = -1
        allowed[:] = False
        qlen = 0
        for v in range(n):
            if mate[v] == -1 and label[inblossom[v]] == _FREE:
                qlen = _assign_label(v, _OUTER, -1, n, endpoint, mate, label, labelend, inblossom, base,
                                     bestedge, childs, nchilds, queue, qlen, buf)
        augmented = False
        while True:
            while qlen > 0 and not augmented:
                qlen -= 1
                v = queue[qlen]
                for a in range(start[v], start[v + 1]):
                    p = neighbend[a]
                    k = p // 2
                    w = endpoint[p]
                    if inblossom[v] == inblossom[w]:
                        continue
                    kslack = 0.0
                    if not allowed[k]:
                        kslack = (dual[endpoint[2 * k]] + dual[endpoint[2 * k + 1]] - 2.0 * weight[k])
                        if kslack <= 0.0:
                            allowed[k] = True
                    if allowed[k]:
                        bw = inblossom[w]
                        if label[bw] == _FREE:
                            qlen = _assign_label(w, _INNER, p ^ 1, n, endpoint, mate, label, labelend,
                                                 inblossom, base, bestedge, childs, nchilds, queue, qlen, buf)
                        elif label[bw] == _OUTER:
                            b0 = _scan(v, w, endpoint, label, labelend, inblossom, base, path)
                            if b0 >= 0:
                                # shrink the odd cycle through edge k into a new outer blossom
                                qlen, nunused = _add_blossom(
                                    b0, k, n, endpoint, weight, dual, label, labelend, inblossom, parent,
                                    childs, nchilds, endps, base, bestedge, best, nbest, unused, nunused,
                                    queue, qlen, buf, bestto, slackto, cand, neighbend, start)
                                hi = max(hi, unused[nunused] + 1)
                            else:
                                _augment(k, n, endpoint, mate, labelend, inblossom, parent, childs,
                                         nchilds, endps, base)
                                augmented = True
                                break
                        elif label[w] == _FREE:
                            # w lies in an inner blossom: remember that it can be reached
                            label[w] = _INNER
                            labelend[w] = p ^ 1
                    elif label[inblossom[w]] == _OUTER:
                        b = inblossom[v]
                        if bestedge[b] == -1 or kslack < (dual[endpoint[2 * bestedge[b]]] + dual[endpoint[2 * bestedge[b] + 1]] - 2.0 * weight[bestedge[b]]):
                            bestedge[b] = k
                    elif label[w] == _FREE:
                        if bestedge[w] == -1 or kslack < (dual[endpoint[2 * bestedge[w]]] + dual[endpoint[2 * bestedge[w] + 1]] - 2.0 * weight[bestedge[w]]):
                            bestedge[w] = k
            if augmented:
                break
            # the dual step: the largest that keeps every slack non-negative
            kind, delta, dedge, dblossom = 1, dual[0], -1, -1
            for v in range(n):
                delta = min(delta, dual[v])
            for v in range(n):
                if label[inblossom[v]] == _FREE and bestedge[v] != -1:
                    d = (dual[endpoint[2 * bestedge[v]]] + dual[endpoint[2 * bestedge[v] + 1]] - 2.0 * weight[bestedge[v]])
                    if d < delta:
                        kind, delta, dedge = 2, d, bestedge[v]
            for b in range(hi):
                if parent[b] == -1 and label[b] == _OUTER and bestedge[b] != -1 and (b < n or base[b] >= 0):
                    d = (dual[endpoint[2 * bestedge[b]]] + dual[endpoint[2 * bestedge[b] + 1]] - 2.0 * weight[bestedge[b]]) / 2.0
                    if d < delta:
                        kind, delta, dedge = 3, d, bestedge[b]
            for b in range(n, hi):
                if base[b] >= 0 and parent[b] == -1 and label[b] == _INNER and dual[b] < delta:
                    kind, delta, dblossom = 4, dual[b], b
            for v in range(n):
                lb = label[inblossom[v]]
                if lb == _OUTER:
                    dual[v] -= delta
                elif lb == _INNER:
                    dual[v] += delta
            for b in range(n, hi):
                if base[b] >= 0 and parent[b] == -1:
                    if label[b] == _OUTER:
                        dual[b] += delta
                    elif label[b] == _INNER:
                        dual[b] -= delta
            if kind == 1:
                break  # an unmatched vertex's dual is zero: optimal
            if kind == 2:
                allowed[dedge] = True
                i = endpoint[2 * dedge]
                if label[inblossom[i]] == _FREE:
                    i = endpoint[2 * dedge + 1]
                queue[qlen] = i
                qlen += 1
            elif kind == 3:
                allowed[dedge] = True
                queue[qlen] = endpoint[2 * dedge]
                qlen += 1
            else:
                qlen, nunused = _expand(dblossom, False, n, endpoint, weight, mate, label, labelend,
                                        inblossom, parent, childs, nchilds, endps, base, bestedge, nbest,
                                        dual, unused, nunused, queue, qlen, buf)
        if not augmented:
            break
        for b in range(n, hi):
            if parent[b] == -1 and base[b] >= 0 and label[b] == _OUTER and dual[b] == 0.0:
                qlen, nunused = _expand(b, True, n, endpoint, weight, mate, label, labelend, inblossom,
                                        parent, childs, nchilds, endps, base, bestedge, nbest, dual,
                                        unused, nunused, queue, qlen, buf)
    for v in range(n):
        if mate[v] >= 0:
            mate_out[v] = endpoint[mate[v]]
    return mate_out


@jit
def _add_blossom(b0, k, n, endpoint, weight, dual, label, labelend, inblossom, parent, childs, nchilds,
                 endps, base, bestedge, best, nbest, unused, nunused, queue, qlen, buf, bestto,
                 slackto, cand, neighbend, start):
    """Shrink the cycle closed by edge ``k`` (base vertex ``b0``) into a new
    outer blossom. Returns (queue length, number of unused blossom slots)."""
    v = endpoint[2 * k]
    w = endpoint[2 * k + 1]
    bb = inblossom[b0]
    bv = inblossom[v]
    bw = inblossom[w]
    nunused -= 1
    b = unused[nunused]
    base[b] = b0
    parent[b] = -1
    parent[bb] = b
    # children: from the base up the v side (collected backwards), then down the w side
    tmpc = np.empty(n, np.int64)
    tmpe = np.empty(n, np.int64)
    cnt = 0
    while bv != bb:
        parent[bv] = b
        tmpc[cnt] = bv
        tmpe[cnt] = labelend[bv]
        cnt += 1
        v = endpoint[labelend[bv]]
        bv = inblossom[v]
    childs[b, 0] = bb
    size = 1
    for s in range(cnt - 1, -1, -1):
        childs[b, size] = tmpc[s]
        endps[b, size - 1] = tmpe[s]
        size += 1
    endps[b, size - 1] = 2 * k
    while bw != bb:
        parent[bw] = b
        childs[b, size] = bw
        endps[b, size] = labelend[bw] ^ 1
        size += 1
        w = endpoint[labelend[bw]]
        bw = inblossom[w]
    nchilds[b] = size
    label[b] = _OUTER
    labelend[b] = labelend[bb]
    dual[b] = 0.0
    cnt = _leaves(b, n, childs, nchilds, buf)
    for s in range(cnt):
        x = buf[s]
        if label[inblossom[x]] == _INNER:
            # inner vertices become outer: scan them
            queue[qlen] = x
            qlen += 1
        inblossom[x] = b
    # least-slack edges from the new blossom to each neighbouring outer blossom
    bestto[:] = -1
    for s in range(size):
        c = childs[b, s]
        if nbest[c] == -1:  # no list kept for this child: every edge of its vertices
            total = 0
            lc = _leaves(c, n, childs, nchilds, buf)
            for x in range(lc):
                for a in range(start[buf[x]], start[buf[x] + 1]):
                    cand[total] = neighbend[a] // 2
                    total += 1
        else:
            total = nbest[c]
            cand[:total] = best[c, :total]
        for t in range(total):
            e = cand[t]
            i = endpoint[2 * e]
            j = endpoint[2 * e + 1]
            if inblossom[j] == b:
                i, j = j, i
            bj = inblossom[j]
            if bj != b and label[bj] == _OUTER:
                d = dual[i] + dual[j] - 2.0 * weight[e]
                if bestto[bj] == -1 or d < slackto[bj]:
                    bestto[bj] = e
                    slackto[bj] = d
        nbest[c] = -1
        bestedge[c] = -1
    cnt = 0
    bestto_min = 0
    bestedge[b] = -1
    for c in range(2 * n):
        if bestto[c] != -1:
            best[b, cnt] = bestto[c]
            cnt += 1
            if bestedge[b] == -1 or slackto[c] < slackto[bestto_min]:
                bestedge[b] = bestto[c]
                bestto_min = c
    nbest[b] = cnt
    return qlen, nunused


@jit
def _augment(k, n, endpoint, mate, labelend, inblossom, parent, childs, nchilds, endps, base):
    """Augment the matching along the path through edge ``k`` between two trees."""
    for side in range(2):
        s = endpoint[2 * k + side]
        p = 2 * k + 1 - side
        while True:
            bs = inblossom[s]
            if bs >= n:
                _augment_blossom(bs, s, n, endpoint, mate, parent, childs, nchilds, endps, base)
            mate[s] = p
            if labelend[bs] == -1:
                break  # reached the root of this tree
            t = endpoint[labelend[bs]]
            bt = inblossom[t]
            s = endpoint[labelend[bt]]
            j = endpoint[labelend[bt] ^ 1]
            if bt >= n:
                _augment_blossom(bt, j, n, endpoint, mate, parent, childs, nchilds, endps, base)
            mate[j] = labelend[bt]
            p = labelend[bt] ^ 1
