"""Compiled solvers of contribution games under agreements and deals (private to goodsgov).

The public functions are in :mod:`goodsgov.solvers.agreements`; the
prediction pipeline (:mod:`goodsgov.governance`) chains these kernels. One
module per concept:

* :mod:`.records`: the named records passed in and out of the kernels;
* :mod:`.provision`: contributions and payoffs for an admission matrix,
  with the donor's levers and budget;
* :mod:`.optimum`: the planner's admission and the social optimum;
* :mod:`.stability`: gains from leaving and joining, the defection cascade;
* :mod:`.sparse`: gains from leaving in time linear in the near providers,
  at several depths at once;
* :mod:`.single`: one agreement, the rest alone;
* :mod:`.treaties`: the treaty a forum sustains (breadth and depth);
* :mod:`.coalitions`: the largest self-enforcing agreement;
* :mod:`.deals`: the network of bilateral deals.

The model (``docs/explanation.md``):

* ``D[i, j]``: the share of *j*'s non-excludable benefit that reaches *i*
  (the benefit domain); ``N[i, j]``: where *j*'s excludable benefit can go.
* An admission matrix ``M`` (``M[i, j]``: *i* is admitted to *j*'s
  provision, always ``M[j, j]``) is what an institution fixes: the
  members of *j*'s agreement, or *j* and its deal partners.
* Unit benefit to *i* of *j*'s provision (Cornes & Sandler 1984's joint
  product of a public and an excludable characteristic; Buchanan 1965's
  congestion among admitted users)::

      W[i, j] = (1 - e) D[i, j] + M[i, j] e N[i, j] / (1 + r o_j),
      o_j = sum_{i != j} M[i, j] N[i, j]   (the provider's other admitted users).

* Provider *j* counts the benefit of the states it is agreed with (its
  admitted set): ``g_j = clip(captured_j / (c_j paid_j), 0, K_j)``.
"""
