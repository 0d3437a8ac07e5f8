"""dutygraph.analytics"""
