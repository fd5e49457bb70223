"""Independent plain-numpy references that the tests check the compiled kernels against.

:mod:`.institutions`: model v3 (one issue, no levers), written from its specification
only -- institutions of a given depth, bilateral deals, decision costs, internal and
external stability, pairwise stability of deal networks -- by brute force.
"""
