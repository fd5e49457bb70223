"""Observed institutions of migration governance, shipped offline, and the harness
that scores a prediction against them.

Re-exports only; each dataset's loader lives in a module named for it.
"""
