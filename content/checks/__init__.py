"""This briefing's own checks, run by ``make test`` beside the generator's tests/.

A package (this file) so that its modules, and a conftest.py if it ever needs one, get
names of their own (``checks.…``) and cannot shadow tests/conftest.py or a module of
tests/. Nothing here is read as content: the loader reads only *.yml and *.yaml, so keep
YAML out of this folder. Replace content/ with another briefing and these go with it.
"""
