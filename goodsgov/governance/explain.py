"""The plain-language explanation of a prediction, generated from its numbers.

Numbers are written in plain notation (:mod:`goodsgov.notation`: ``35,815``,
``3.58``, ``0.0123``, never an exponent); the scopes' welfare is written with
just enough digits to tell apart the scopes whose welfare differs.
"""

from __future__ import annotations

from ..notation import distinct, plain
from .kernel import Solution
from .pipeline import NEAR_TIE, margin
from .scopes import BILATERAL, LEVELS, SCOPES, UNILATERAL, Level

__all__ = ["explain"]


def explain(scenario, out: Solution, row: dict, decision_cost: float, form: str) -> str:
    """The explanation of a prediction, in plain language from its numbers (``row``: its summary)."""
    good = scenario.good
    level = LEVELS[out.level]
    sc = out.scopes
    nash_p, nash_w = sc.provision[UNILATERAL], sc.welfare[UNILATERAL]
    net_values = [float(sc.welfare[k] - sc.decision_cost[k]) for k in range(len(SCOPES))]
    shown = [nash_p, nash_w, out.optimum.provision, out.optimum.welfare, *net_values]
    zero = 1e-9 * max((abs(float(v)) for v in shown), default=0.0)   # round-off next to the scale

    def num(v: float) -> str:
        return plain(float(v), zero=zero)

    lines = [
        f"{good.name[:1].upper() + good.name[1:]} is a {good.good_type.label.lower()} "
        f"(excludability {good.excludability:.2f}, rivalry {good.rivalry:.2f}, "
        f"{good.spillover.value} benefit domain) among {scenario.n_states} states.",
        f"Acting alone the states provide {num(nash_p)} (welfare {num(nash_w)}); "
        f"the social optimum would provide {num(out.optimum.provision)} "
        f"(welfare {num(out.optimum.welfare)}).",
    ]
    if level is Level.NONE:
        lines.append("No provision is worth its cost even at the optimum: no governance is expected.")
        return " ".join(lines)
    net = ", ".join(f"{lvl.value} {text}"
                    for lvl, text in zip(SCOPES, distinct(net_values, zero=zero)))
    scope = out.scope
    lines.append(f"Welfare of each scope's sustainable institution net of decision costs "
                 f"({plain(decision_cost, 6)} of each member's status-quo provision cost, "
                 f"{form} form): {net}; "
                 f"the best is {SCOPES[scope].value}.")
    lead, share, runner = margin(out)
    if runner >= 0:
        lines.append(f"It leads the next best, {SCOPES[runner].value}, by {num(lead)} "
                     f"({share:.2%} of its net welfare).")
        if share < NEAR_TIE:
            lines.append(f"This is a near-tie (under {NEAR_TIE:.0%}): report the level over a range of "
                         "decision costs and the other parameters (goodsgov.sensitivity).")
    if scope == BILATERAL:
        lines.append(f"The {int(sc.pairs[scope])} deals form a pairwise-stable network: no state gains "
                     "by ending one of its deals and no pair would both gain by forming another.")
    elif scope != UNILATERAL:
        labels, depth = sc.labels[scope], sc.depth[scope]
        groups = [g for g in set(labels.tolist()) if (labels == g).sum() > 1]
        sizes = sorted(((labels == g).sum() for g in groups), reverse=True)
        depths = sorted({round(float(depth[labels == g][0]), 3) for g in groups})
        lines.append(f"It consists of {len(groups)} agreement(s) of {', '.join(map(str, sizes))} members at "
                     f"depth {', '.join(plain(d, 6) for d in depths)} (the share of the way from the "
                     "status quo to the members' joint optimum); each is internally stable (no member gains by "
                     "leaving)" + (" and externally stable (no state of its forum gains by joining)."
                                   if sc.self_enforcing[scope] else
                                   ", but some state of its forum would gain by joining."))
        if not sc.self_enforcing_open[scope]:
            lines.append("It holds only because leavers lose the excludable benefit; if they kept it, "
                         "members would leave.")
    bargain = out.bargain
    if not bargain.reached:
        if bargain.by_paths:
            lines.append("The deal dynamic did not settle; the bilateral scope is credited with the "
                         "pairwise-stable network a random improving path from it reached.")
        elif bargain.stable_exists == 1:
            lines.append("The deal dynamic did not settle; the bilateral scope is credited with the best "
                         f"of the {bargain.n_stable} pairwise-stable networks found by enumerating all networks.")
        elif bargain.stable_exists == 0:
            lines.append("No network of deals is pairwise stable (all networks enumerated): the bilateral "
                         "scope is credited with no deal.")
        else:
            k = len(bargain.blocking)
            lines.append("The deal dynamic did not reach a pairwise-stable network (in the network it reached, "
                         f"{k} pair{'' if k == 1 else 's'} of states would change their deal), and there are too "
                         "many states to enumerate them all: the bilateral scope is credited with no deal.")
    size = int(out.stable.members.sum())
    if size:
        share = out.stable.welfare / out.optimum.welfare if out.optimum.welfare > 0 else 1.0
        lines.append(f"The largest internally stable agreement at full depth has {size} members and achieves "
                     f"{share:.0%} of optimum welfare.")
    lines.append(f"Costs at the outcome differ from Lindahl (benefit) shares by "
                 f"{row.get('gap_cost_distribution', 0.0):.0%} of the total.")
    return " ".join(lines)
