"""Levers that move states towards cooperation.

The migration-governance literature names four levers:

* **side payments** — transfers that make an agreement worth joining and
  worth keeping (Carraro & Siniscalco 1993);
* **issue linkage** — tying migration to trade, security or development
  so that a state with no stake in one issue still gains from the package
  (Geddes, "Global and regional cooperation on international migration":
  regional cooperation on migration depends on the links made to other
  issues; Betts 2009 reads the refugee regime as Martin's 1992 suasion
  game, broken by such links);
* **external funders** — actors outside a region paying for regional
  processes "from above" and "from beyond" (Lavenex et al., "Regions and
  global migration governance": EU trust funds, sponsored RCPs and the Bali
  Process); in a weakest-link regional good the money is best spent on the
  state with the least capacity;
* **similar development levels** — regional labour-migration agreements
  hold among states at similar levels of economic development and fail
  among dissimilar ones (Meyers 2002, as cited by Geddes).

Each lever is a small model below; treaty levers work on
:func:`goodsgov.models.barrett_treaty` and
:func:`goodsgov.models.participation_treaty`.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Protocol

import numpy as np

from .. import _checks
from ..errors import SolverError, invalid
from ..games.catalogue import suasion_game as _martin
from .burden_sharing import CORE_MAX_PLAYERS, membership_matrix
from .outcome import read_only
from .treaties import stable_sizes_of

__all__ = [
    "SidePayments",
    "side_payments",
    "TreatyLevers",
    "treaty_with_levers",
    "suasion_game",
    "IssueLinkage",
    "issue_linkage",
    "ExternalFunding",
    "external_funder",
    "RegionalAgreement",
    "regional_labour_agreement",
]


_ro = read_only  # read-only float arrays for the result fields


# --------------------------------------------------------------------------- side payments

@dataclass(frozen=True)
class SidePayments:
    """Transfers that make an agreement individually rational and self-enforcing.

    ``lower[i]`` is the least state i must receive (negative: the most it
    can pay); ``upper[i]`` the most it can receive if every other state gets
    exactly its ``lower``; ``feasible`` says whether transfers within
    ``budget`` exist; ``transfers`` is one such vector (every state gets its
    ``lower`` plus an equal share of the ``surplus``).
    """

    agreement_payoffs: np.ndarray
    outside_payoffs: np.ndarray
    free_ride_payoffs: np.ndarray
    budget: float
    lower: np.ndarray
    upper: np.ndarray
    surplus: float
    feasible: bool
    transfers: np.ndarray


@_checks.guarded
def side_payments(agreement_payoffs, outside_payoffs, free_ride_payoffs=None, *,
                  budget: float = 0.0) -> SidePayments:
    """Range of transfers that keeps every party in an agreement.

    State i accepts transfer ``t_i`` when ``agreement_i + t_i`` is at least
    its payoff without any agreement (individual rationality) and at least
    what it would get by leaving while the others carry on (self-enforcement,
    the free-riding payoff). Transfers are self-financed (``sum t <= 0``) or
    topped up by an outside ``budget`` (``sum t <= budget``). They exist iff
    ``sum_i max(outside_i, free_ride_i) - agreement_i <= budget``
    (Carraro & Siniscalco 1993, sec. 4; the "potential internal stability"
    of Carraro, Eyckmans & Finus 2006).

    >>> sp = side_payments([5.0, 1.0], [2.0, 2.0])
    >>> sp.lower.tolist(), sp.feasible, sp.transfers.tolist()
    ([-3.0, 1.0], True, [-2.0, 2.0])
    """
    agree = _checks.array("agreement_payoffs", agreement_payoffs, ndim=1, nonempty=True,
                          max_size=_checks.MAX_STATES)
    n = agree.size
    out = _checks.array("outside_payoffs", outside_payoffs, shape=(n,))
    free = out if free_ride_payoffs is None else _checks.array(
        "free_ride_payoffs", free_ride_payoffs, shape=(n,))
    budget = _checks.real("budget", budget, low=0.0)
    lower = np.maximum(out, free) - agree
    need = float(lower.sum())
    surplus = budget - need
    upper = budget - (need - lower)
    transfers = lower + surplus / n
    return SidePayments(agreement_payoffs=agree, outside_payoffs=out, free_ride_payoffs=_ro(free),
                        budget=budget, lower=_ro(lower), upper=_ro(upper), surplus=surplus,
                        feasible=surplus >= -1e-12 * max(float(np.abs(agree).max()),
                                                         float(np.abs(lower).max()), budget),
                        transfers=_ro(transfers))


# --------------------------------------------------------------------------- treaty levers

class _Treaty(Protocol):
    n: int
    stable_sizes: tuple[int, ...]

    def signatory_payoff(self, k: int) -> float: ...
    def nonsignatory_payoff(self, k: int) -> float: ...
    def gain_share(self, k: int | None = None) -> float: ...


@dataclass(frozen=True)
class TreatyLevers:
    """A treaty's self-enforcing size and gain share with and without levers."""

    treaty: _Treaty
    transfer: float
    linked_gain: float
    stable_sizes: tuple[int, ...]
    largest_stable_size: int
    gain_share_before: float
    gain_share_after: float
    transfer_cost: float


@_checks.guarded
def treaty_with_levers(treaty: _Treaty, *, transfer: float = 0.0,
                       linked_gain: float = 0.0) -> TreatyLevers:
    """Self-enforcing treaty size when signatories get a side payment or a linked gain.

    Each signatory receives ``transfer`` (paid by an outside funder or by a
    state with a stake elsewhere) plus ``linked_gain * (k - 1)``: the
    excludable benefit of a linked agreement (trade, research, security)
    shared with each of the other ``k - 1`` signatories (Carraro &
    Siniscalco 1997 link an environmental treaty to an R&D club in this
    way). Non-signatories get neither. Stability follows
    :func:`~goodsgov.models.stable_coalitions`; ``gain_share_after`` is the
    share of the cooperative gain in the underlying good that the largest
    self-enforcing treaty then achieves; a large enough lever raises it to 1.

    >>> from goodsgov.models import participation_treaty
    >>> t = participation_treaty(10, benefit=1.0, cost=3.0)
    >>> r = treaty_with_levers(t, transfer=2.0)
    >>> r.largest_stable_size, r.gain_share_before, r.gain_share_after
    (10, 0.3, 1.0)
    """
    for attr in ("n", "signatory_payoff", "nonsignatory_payoff", "gain_share"):
        if not hasattr(treaty, attr):
            raise invalid("treaty", type(treaty).__name__,
                          "must be a treaty model (barrett_treaty or participation_treaty)")
    transfer = _checks.real("transfer", transfer, low=0.0)
    linked_gain = _checks.real("linked_gain", linked_gain, low=0.0)

    n = _checks.size("treaty.n", treaty.n, low=1)
    sig = np.array([_checks.real(f"signatory_payoff({k})", treaty.signatory_payoff(k))
                    + transfer + linked_gain * (k - 1) for k in range(1, n + 1)])
    non = np.array([_checks.real(f"nonsignatory_payoff({k})", treaty.nonsignatory_payoff(k))
                    for k in range(n)])
    # ties within rounding, relative to the payoffs (the same in any units)
    scale = max(float(np.abs(sig).max()), float(np.abs(non).max()))
    sizes = tuple(stable_sizes_of(sig, non, 1e-12 * scale))
    if not sizes:
        raise SolverError("treaty_with_levers: no treaty size is both internally and "
                          "externally stable with these payoffs")
    k_star = max(sizes)
    return TreatyLevers(treaty=treaty, transfer=transfer, linked_gain=linked_gain,
                        stable_sizes=sizes, largest_stable_size=k_star,
                        gain_share_before=treaty.gain_share(),
                        gain_share_after=treaty.gain_share(k_star),
                        transfer_cost=transfer * k_star)


# --------------------------------------------------------------------------- issue linkage

def suasion_game() -> np.ndarray:
    """Martin's (1992) suasion game, ordinal payoffs, shape ``(2, 2, 2)``.

    ``payoffs[player, a0, a1]`` with action 0 = cooperate, 1 = defect.
    Player 0 (e.g. a host state next to a refugee crisis) cooperates
    whatever player 1 does; player 1 (a distant state) defects whatever
    player 0 does, so the equilibrium (C, D) leaves player 0 wishing for
    (C, C) with no credible threat to get it.

    The payoffs are those of :func:`goodsgov.games.catalogue.suasion_game`
    (the one definition), as a read-only float array.

    >>> suasion_game()[:, 0, 1].tolist()   # payoffs at (C, D)
    [3.0, 4.0]
    """
    return _ro(_martin().payoffs)


def _pure_equilibria(g: np.ndarray, tol: float) -> tuple[tuple[int, int], ...]:
    best0 = g[0] >= g[0].max(axis=0, keepdims=True) - tol
    best1 = g[1] >= g[1].max(axis=1, keepdims=True) - tol
    return tuple((int(i), int(j)) for i, j in zip(*np.nonzero(best0 & best1)))


@dataclass(frozen=True)
class IssueLinkage:
    """Result of :func:`issue_linkage`.

    ``threshold`` is the least linked gain making mutual cooperation (0, 0)
    a Nash equilibrium of the linked game (``math.inf`` if none does);
    ``equilibria_before`` / ``equilibria_after`` list the pure equilibria
    of the original and of the linked game at ``linked_gain``.
    """

    game: np.ndarray
    linked: np.ndarray
    linked_gain: float
    threshold: float
    equilibria_before: tuple[tuple[int, int], ...]
    equilibria_after: tuple[tuple[int, int], ...]
    is_suasion: bool

    @property
    def cooperation(self) -> bool:
        """Whether mutual cooperation is an equilibrium once the issues are linked."""
        return (0, 0) in self.equilibria_after


def _is_suasion(g: np.ndarray) -> bool:
    c0_dominant = bool(np.all(g[0, 0, :] > g[0, 1, :]))
    d1_dominant = bool(np.all(g[1, :, 1] > g[1, :, 0]))
    return c0_dominant and d1_dominant and g[0, 0, 0] > g[0, 0, 1]


@_checks.guarded(allow_inf=("threshold",))
def issue_linkage(game=None, linked=None, *, linked_gain: float = 0.0,
                  tol: float = 1e-12) -> IssueLinkage:
    """Link a 2x2 game to another issue and find the gain that makes cooperation stable.

    ``game`` (default :func:`suasion_game`) and ``linked`` are payoff arrays
    of shape ``(2, 2, 2)`` (``[player, action0, action1]``, 0 = cooperate).
    Linking makes each state's cooperation a package: payoffs add up as
    ``game + linked_gain * linked``. The default ``linked`` issue pays each
    state 1 when both cooperate and 0 otherwise (a reciprocal deal on trade,
    security or mobility that holds only if both keep the refugee bargain).
    Mutual cooperation is an equilibrium once, for each player i,
    ``game_i(C,C) + L linked_i(C,C) >= game_i(D_i,C) + L linked_i(D_i,C)``;
    these linear conditions in ``L`` give ``threshold`` (Martin 1992 on
    suasion games; Betts 2009 on linkage in the refugee regime; Geddes on
    linkage in regional migration cooperation).

    >>> r = issue_linkage(linked_gain=1.5)
    >>> r.threshold, r.equilibria_before, r.cooperation
    (1.0, ((0, 1),), True)
    """
    g = suasion_game() if game is None else _checks.array("game", game, shape=(2, 2, 2))
    if linked is None:
        lk = np.zeros((2, 2, 2))
        lk[:, 0, 0] = 1.0
        lk = _ro(lk)
    else:
        lk = _checks.array("linked", linked, shape=(2, 2, 2))
    gain = _checks.real("linked_gain", linked_gain, low=0.0)
    tol = _checks.real("tol", tol, low=0.0)
    # deviation from (C, C): player 0 to (D, C), player 1 to (C, D)
    need = np.array([g[0, 1, 0] - g[0, 0, 0], g[1, 0, 1] - g[1, 0, 0]])
    slope = np.array([lk[0, 0, 0] - lk[0, 1, 0], lk[1, 0, 0] - lk[1, 0, 1]])
    low, high = 0.0, math.inf
    for nd, sl in zip(need, slope):
        if sl > 0:
            low = max(low, nd / sl)
        elif sl < 0:
            high = min(high, nd / sl)
        elif nd > tol:
            low = math.inf
    threshold = low if low <= high else math.inf
    combined = g + gain * lk
    return IssueLinkage(game=g, linked=lk, linked_gain=gain, threshold=float(threshold),
                        equilibria_before=_pure_equilibria(g, tol),
                        equilibria_after=_pure_equilibria(combined, tol),
                        is_suasion=_is_suasion(g))


# --------------------------------------------------------------------------- external funder

@dataclass(frozen=True)
class ExternalFunding:
    """Result of :func:`external_funder`.

    ``provision_*`` is the weakest-link level provided (the best Nash
    equilibrium: every willing state provides the lowest capacity);
    ``provision_uniform`` what the same budget buys if spread equally.
    """

    capacities: np.ndarray
    budget: float
    unit_cost: float
    benefits: np.ndarray
    costs: np.ndarray
    new_capacities: np.ndarray
    provision_before: float
    provision_after: float
    provision_uniform: float
    welfare_before: float
    welfare_after: float


def _weakest_link_level(caps: np.ndarray, willing: bool) -> float:
    return float(caps.min()) if willing else 0.0


@_checks.guarded
def external_funder(capacities, budget: float, *, unit_cost: float = 1.0, benefits=None,
                    costs=None) -> ExternalFunding:
    """An outside funder pays for capacity in a weakest-link regional good.

    Regional provision is the minimum of the states' contributions
    (Hirshleifer 1983; Sandler 1997), e.g. a border-management or
    protection standard that fails where the weakest state fails. State i
    can supply up to ``capacities[i]`` and gets ``benefits[i] * min(q) -
    costs[i] * q_i`` (defaults 1 and 0). When every state has ``benefit >=
    cost`` the best equilibrium provides ``min(capacities)``; otherwise
    nothing. The funder buys capacity at ``unit_cost`` and raises the
    lowest capacities to a common level ("water-filling"), the most
    provision its ``budget`` can buy (Lavenex et al. on regional migration
    governance sponsored "from above" and "from beyond").

    >>> r = external_funder([1.0, 3.0, 5.0], budget=3.0)
    >>> r.provision_before, r.provision_after, r.provision_uniform
    (1.0, 3.5, 2.0)
    """
    caps = _checks.array("capacities", capacities, ndim=1, nonempty=True, low=0.0,
                         max_size=_checks.MAX_STATES)
    n = caps.size
    budget = _checks.real("budget", budget, low=0.0)
    unit_cost = _checks.real("unit_cost", unit_cost, low=0.0, low_open=True)
    ben = _ro(np.ones(n)) if benefits is None else _checks.array("benefits", benefits,
                                                                   shape=(n,), low=0.0)
    cst = _ro(np.zeros(n)) if costs is None else _checks.array("costs", costs, shape=(n,), low=0.0)
    willing = bool(np.all(ben >= cst))
    units = budget / unit_cost
    srt = np.sort(caps)
    level_m = (units + np.cumsum(srt)) / np.arange(1, n + 1)     # raise the m lowest to this level
    nxt = np.append(srt[1:], np.inf)
    m = int(np.flatnonzero(level_m <= nxt)[0])
    level = float(level_m[m])
    new_caps = _ro(np.maximum(caps, level))
    before = _weakest_link_level(caps, willing)
    after = _weakest_link_level(new_caps, willing)
    uniform = _weakest_link_level(caps + units / n, willing)

    def welfare(level_: float) -> float:
        return float(np.sum(ben * level_ - cst * level_))

    return ExternalFunding(capacities=caps, budget=budget, unit_cost=unit_cost, benefits=ben,
                           costs=cst, new_capacities=new_caps, provision_before=before,
                           provision_after=after, provision_uniform=uniform,
                           welfare_before=welfare(before), welfare_after=welfare(after))


# --------------------------------------------------------------------------- development levels

@dataclass(frozen=True)
class RegionalAgreement:
    """Result of :func:`regional_labour_agreement`.

    ``member_payoffs`` are the payoffs under the region-wide agreement;
    ``stable`` says whether every member prefers staying in to leaving
    (leaving an excludable agreement yields 0); ``binding_member`` is the
    member with the lowest payoff; ``stable_memberships`` counts the
    coalitions of two or more states that are internally stable (``None``
    above ``CORE_MAX_PLAYERS`` states); ``side_payments`` the transfers
    that could hold the whole region together.
    """

    development: np.ndarray
    gain: float
    adjustment_cost: float
    remittance_gain: float
    member_payoffs: np.ndarray
    stable: bool
    binding_member: int
    dispersion: float
    stable_memberships: int | None
    side_payments: SidePayments = field(repr=False)


@_checks.guarded
def regional_labour_agreement(development, *, gain: float = 1.0, adjustment_cost: float = 1.0,
                              remittance_gain: float = 0.0,
                              tol: float = 1e-12) -> RegionalAgreement:
    """Stability of a regional free-movement agreement among states at different development levels.

    State i in agreement S gets, from each partner j in S, a reciprocal
    mobility gain ``gain`` minus ``adjustment_cost * max(0, y_i - y_j)``
    (the net inflow a more developed state absorbs from a less developed
    partner, proportional to the development gap) plus ``remittance_gain
    * max(0, y_j - y_i)`` (what a less developed state gains from the
    outflow). Outsiders get nothing (the agreement is excludable), so S
    holds when every member's payoff is non-negative. With equal levels
    every member gets ``gain * (|S| - 1) > 0``; as the gaps widen the most
    developed member's payoff falls and the agreement unravels, and the set
    of stable memberships shrinks (nested). This is Meyers's (2002)
    finding, cited by Geddes: regional labour-migration agreements succeed
    among states at similar development levels (EU, Nordic, Australia-New
    Zealand) and stall where the main destinations are much richer than
    their partners (ECOWAS, with Nigeria and Côte d'Ivoire reluctant).
    The pairwise table limits ``development`` to ``isqrt(MAX_PAIRS)`` (3162)
    states (:mod:`goodsgov._checks`).

    >>> regional_labour_agreement([1.0, 1.1, 1.2]).stable
    True
    >>> regional_labour_agreement([1.0, 2.0, 4.0]).stable
    False
    """
    y = _checks.array("development", development, ndim=1,
                      max_size=math.isqrt(_checks.MAX_PAIRS))
    n = y.size
    if n < 2:
        raise invalid("development", y.tolist(), "needs at least two states for an agreement")
    gain = _checks.real("gain", gain, low=0.0, low_open=True)
    kappa = _checks.real("adjustment_cost", adjustment_cost, low=0.0)
    rho = _checks.real("remittance_gain", remittance_gain, low=0.0)
    tol = _checks.real("tol", tol, low=0.0)
    gap = y[:, None] - y[None, :]                      # gap[i, j] = y_i - y_j
    pair = gain - kappa * np.maximum(gap, 0.0) + rho * np.maximum(-gap, 0.0)
    np.fill_diagonal(pair, 0.0)
    payoffs = pair.sum(axis=1)
    scale = tol * float(np.abs(pair).max())     # relative: the same answer in any units
    stable = bool(np.all(payoffs >= -scale))
    count = None
    if n <= CORE_MAX_PLAYERS:
        bits = membership_matrix(n)
        u = bits.astype(float) @ pair.T                # u[S, i] = sum_{j in S} pair[i, j]
        ok = np.all((u >= -scale) | (bits == 0), axis=1) & (bits.sum(axis=1) >= 2)
        count = int(ok.sum())
    return RegionalAgreement(development=y, gain=gain, adjustment_cost=kappa,
                             remittance_gain=rho, member_payoffs=_ro(payoffs), stable=stable,
                             binding_member=int(np.argmin(payoffs)), dispersion=float(np.std(y)),
                             stable_memberships=count,
                             side_payments=side_payments(payoffs, np.zeros(n)))
