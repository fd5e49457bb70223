"""The plain-language explanation of a prediction, generated from its numbers."""

from __future__ import annotations

from .kernel import Solution
from .scopes import BILATERAL, LEVELS, SCOPES, UNILATERAL, Level

__all__ = ["explain"]


def explain(scenario, out: Solution, row: dict, decision_cost: float, form: str) -> str:
    """The explanation of a prediction, in plain language from its numbers (``row``: its summary)."""
    good = scenario.good
    level = LEVELS[out.level]
    sc = out.scopes
    nash_p, nash_w = sc.provision[UNILATERAL], sc.welfare[UNILATERAL]
    lines = [
        f"{good.name[:1].upper() + good.name[1:]} is a {good.good_type.label.lower()} "
        f"(excludability {good.excludability:.2f}, rivalry {good.rivalry:.2f}, "
        f"{good.spillover.value} benefit domain) among {scenario.n_states} states.",
        f"Acting alone the states provide {nash_p:.4g} (welfare {nash_w:.4g}); "
        f"the social optimum would provide {out.optimum.provision:.4g} (welfare {out.optimum.welfare:.4g}).",
    ]
    if level is Level.NONE:
        lines.append("No provision is worth its cost even at the optimum: no governance is expected.")
        return " ".join(lines)
    net = ", ".join(f"{lvl.value} {sc.welfare[k] - sc.decision_cost[k]:.4g}" for k, lvl in enumerate(SCOPES))
    scope = out.scope
    lines.append(f"Welfare of each scope's sustainable institution net of decision costs "
                 f"({decision_cost:g} of each member's status-quo provision cost, {form} form): {net}; "
                 f"the best is {SCOPES[scope].value}.")
    if scope == BILATERAL:
        lines.append(f"The {int(sc.pairs[scope])} deals form a pairwise-stable network: no state gains "
                     "by ending one of its deals and no pair would both gain by forming another.")
    elif scope != UNILATERAL:
        labels, depth = sc.labels[scope], sc.depth[scope]
        groups = [g for g in set(labels.tolist()) if (labels == g).sum() > 1]
        sizes = sorted(((labels == g).sum() for g in groups), reverse=True)
        depths = sorted({round(float(depth[labels == g][0]), 3) for g in groups})
        lines.append(f"It consists of {len(groups)} agreement(s) of {', '.join(map(str, sizes))} members at "
                     f"depth {', '.join(f'{d:g}' for d in depths)} (the share of the way from the status quo "
                     "to the members' joint optimum); each is internally stable (no member gains by "
                     "leaving)" + (" and externally stable (no state of its forum gains by joining)."
                                   if sc.self_enforcing[scope] else
                                   ", but some state of its forum would gain by joining."))
        if not sc.self_enforcing_open[scope]:
            lines.append("It holds only because leavers lose the excludable benefit; if they kept it, "
                         "members would leave.")
    bargain = out.bargain
    if not bargain.reached:
        if bargain.stable_exists == 1:
            lines.append("The deal dynamic did not settle; the bilateral scope is credited with the best "
                         f"of the {bargain.n_stable} pairwise-stable networks found by enumerating all networks.")
        elif bargain.stable_exists == 0:
            lines.append("No network of deals is pairwise stable (all networks enumerated): the bilateral "
                         "scope is credited with no deal.")
        else:
            lines.append("The deal dynamic did not reach a pairwise-stable network, and there are too "
                         "many states to enumerate them all: the bilateral scope is credited with no deal.")
    size = int(out.stable.members.sum())
    if size:
        share = out.stable.welfare / out.optimum.welfare if out.optimum.welfare > 0 else 1.0
        lines.append(f"The largest internally stable agreement at full depth has {size} members and achieves "
                     f"{share:.0%} of optimum welfare.")
    lines.append(f"Costs at the outcome differ from Lindahl (benefit) shares by "
                 f"{row.get('gap_cost_distribution', 0.0):.0%} of the total.")
    return " ".join(lines)
