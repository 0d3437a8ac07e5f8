"""dutygraph: Chinese local-government action plans -> a knowledge graph of responsibilities.

Flow (each stage imports only from the ones before it):
loaders -> extract (structure, extractors, resolve) -> graph -> stores/exports -> queries/analytics -> viz
"""

__version__ = "0.1.0"
