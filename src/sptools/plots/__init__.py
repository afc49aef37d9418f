"""Charts for the curriculum (seaborn/matplotlib), one submodule per method.

Methods never import plots; plots import methods.
"""
