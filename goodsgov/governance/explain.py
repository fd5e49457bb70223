"""The plain-language explanation of a prediction, generated from its numbers."""

from __future__ import annotations

from .kernel import Solution
from .scopes import BILATERAL, LEVELS, SCOPES, UNILATERAL, Level

__all__ = ["explain"]


def explain(scenario, out: Solution, row: dict, decision_cost: float) -> str:
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
    best = SCOPES[scope].value
    lines.append(f"Welfare net of decision costs ({decision_cost:g} of the mean status-quo payoff per "
                 f"agreed pair of states), by scope: {net}; the best is {best}.")
    if SCOPES[scope] is not level:
        lines.append("In that network of deals some states are all linked to each other: each "
                     "counts the others' benefit as in a plurilateral agreement, so the level is "
                     "that of clubs, regional.")
    if scope == BILATERAL:
        if out.deals.pairwise_stable:
            lines.append("The deal network is pairwise stable: no pair gains by forming or ending a deal.")
        else:
            lines.append("The deal network is not pairwise stable: some pair would gain by forming or "
                         "ending a deal (the formation dynamic cycled or stopped); its provision is "
                         f"{out.achieved.provision:.4g}, a governance gap of "
                         f"{row['gap_provision_share']:.0%} of optimal provision.")
    elif level is not Level.UNILATERAL:
        if sc.self_enforcing[scope]:
            lines.append(f"The {level.value} arrangement is self-enforcing: no member gains by leaving.")
        else:
            lines.append(f"The {level.value} arrangement is not self-enforcing: members gain by leaving; "
                         f"once they have left, provision is {out.achieved.provision:.4g}, a governance gap of "
                         f"{row['gap_provision_share']:.0%} of optimal provision.")
        if sc.self_enforcing[scope] and not sc.self_enforcing_open[scope]:
            lines.append("It holds only because leavers lose the excludable benefit; if they kept it, "
                         "members would leave.")
    size = int(out.stable.members.sum())
    if size:
        share = out.stable.welfare / out.optimum.welfare if out.optimum.welfare > 0 else 1.0
        lines.append(f"The largest self-enforcing agreement has {size} members and achieves "
                     f"{share:.0%} of optimum welfare.")
    lines.append(f"Costs at the outcome differ from Lindahl (benefit) shares by "
                 f"{row.get('gap_cost_distribution', 0.0):.0%} of the total.")
    return " ".join(lines)
