"""dutygraph.analytics: answers computed on the networkx graph, as pandas DataFrames.

- load: agency_load (load index per agency), concentration (top-5 share, Gini)
- deadlines: deadline_crunch, deadline_months, busiest_months, quarter_heat
- bottlenecks: collaboration_projection, agency_centrality, platform_impact, platform_slip,
  platform_dependents, shared_bottlenecks, co_unit_network
- rebalance: suggestions (for review meetings, never decisions)
- reference: the networkx reference of every stored query in dutygraph/queries
- review: the load-balancing review writer (the "review" exporter)
"""
