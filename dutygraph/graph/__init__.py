"""dutygraph.graph"""
