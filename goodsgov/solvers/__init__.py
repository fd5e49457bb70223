"""Solvers: one module per solution concept, each a pure function of a game.

Normal-form equilibrium engine: :mod:`.pure` (pure equilibria),
:mod:`.enumeration` (all extreme equilibria of two-player games, float or
exact), :mod:`.lemke_howson`, :mod:`.symmetric` (symmetric binary n-player
games), :mod:`.regret`, :mod:`.dominance`.

Contribution games: :mod:`.agreements` (partial-agreement equilibria,
stability, the defection cascade, stable agreements) and :mod:`.matching`
(the best pairing), wrapping the compiled loops of :mod:`.kernels` and
:mod:`.blossom` (exact maximum-weight matching).
"""
