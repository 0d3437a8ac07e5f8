"""dutygraph.extract"""
