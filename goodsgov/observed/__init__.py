"""Observed institutions of migration governance, shipped offline, and the harness
that scores a prediction against them.

Re-exports only; each dataset's loader lives in a module named for it
(``treaties``, ``votes``, ``displacement`` for UNHCR's populations,
``bodies``, ``labour``), the list of datasets in ``datasets``, the
harness in ``validation`` and its metrics in ``metrics``.

>>> import goodsgov.observed as obs
>>> sorted(obs.VOTES)
['gcm_2018', 'gcr_2018']
>>> callable(obs.refugees), callable(obs.catalogue)
(True, True)
"""

from .bodies import memberships
from .datasets import catalogue
from .labour import labour_agreements
from .displacement import hosted, refugees
from .treaties import TREATIES, treaty
from .validation import Validation, validate
from .votes import VOTES, vote

__all__ = ["catalogue", "treaty", "TREATIES", "vote", "VOTES", "refugees", "hosted", "memberships",
           "labour_agreements", "validate", "Validation"]
