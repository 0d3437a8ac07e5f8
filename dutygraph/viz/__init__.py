"""dutygraph.viz"""
