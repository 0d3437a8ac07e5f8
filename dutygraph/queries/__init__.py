"""dutygraph.queries"""
