"""Solvers: one module per solution concept, each a pure function of a game.

Normal-form equilibrium engine: :mod:`.pure` (pure equilibria),
:mod:`.enumeration` (all extreme equilibria of two-player games in floating
point; the exact rational engine is :mod:`.exact_enumeration`, the
polytopes and their labels :mod:`.polytope`, the grouping into maximal
Nash subsets :mod:`.nash_subsets`), :mod:`.lemke_howson`, :mod:`.symmetric`
(symmetric binary n-player games), :mod:`.regret`, :mod:`.dominance`, with
shared floating-point steps in :mod:`.numerics`. Their tolerances are
relative to each player's payoff range (:mod:`.regret`), so they give the
same answer in any units.

Contribution games: :mod:`.agreements` (partial-agreement equilibria,
the social optimum, stability with and without exclusion, the defection
cascade, the largest self-enforcing agreement, the network of bilateral
deals), wrapping the compiled kernels of :mod:`.contribution` (one module per
concept: records, provision, optimum, stability, coalitions, deals).
"""
