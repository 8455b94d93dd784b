from __future__ import annotations

import inspect

import catalog


def test_every_public_name_of_the_package_is_listed_in_all() -> None:
    # GIVEN the names the package binds that do not start with an underscore (submodules aside)
    public = {
        name
        for name, value in vars(catalog).items()
        if not name.startswith("_") and not inspect.ismodule(value) and name != "annotations"
    }
    # WHEN compared with the curated __all__
    # THEN they are the same set, and every listed name exists
    assert public == set(catalog.__all__)
    assert all(hasattr(catalog, name) for name in catalog.__all__)


def test_every_name_the_package_exports_is_public_in_the_module_that_defines_it() -> None:
    # GIVEN the package's exports and the catalog module each of them comes from
    homes = {
        name: module
        for name in catalog.__all__
        if (module := inspect.getmodule(getattr(catalog, name))) is not None and module.__name__.startswith("catalog.")
    }
    # WHEN each is looked up in its module's curated __all__
    missing = sorted(f"{module.__name__}.{name}" for name, module in homes.items() if name not in module.__all__)
    # THEN none is missing (a name public in the package is public where it is defined)
    assert homes
    assert missing == []


def test_the_contract_names_are_exported() -> None:
    # GIVEN the names other packages rely on
    needed = {
        "Product",
        "Catalog",
        "MatchResult",
        "Decision",
        "Candidate",
        "load_catalog",
        "load_instacart",
        "resolve_choice",
        "Choice",
        "spoken_forms",
        "normalise",
        "split_quantity",
    }
    # WHEN / THEN they are all part of the public API
    assert needed <= set(catalog.__all__)


def test_match_takes_history_and_limit_only_as_keywords() -> None:
    # GIVEN the signature of Catalog.match
    parameters = inspect.signature(catalog.Catalog.match).parameters
    # WHEN / THEN history and limit are keyword-only with the contract's defaults
    assert parameters["history"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["history"].default == ()
    assert parameters["limit"].kind is inspect.Parameter.KEYWORD_ONLY
    assert parameters["limit"].default == 5


def test_the_docstring_examples_of_every_catalog_module_hold() -> None:
    # GIVEN every catalog module
    import doctest
    import importlib

    modules = [
        "catalog",
        "catalog.catalog",
        "catalog.dialog",
        "catalog.loaders",
        "catalog.matcher",
        "catalog.model",
        "catalog.normalise",
        "catalog.phonetics",
    ]
    # WHEN their examples run, THEN none fails and there are examples to run
    attempted = 0
    for name in modules:
        result = doctest.testmod(importlib.import_module(name))
        assert result.failed == 0, name
        attempted += result.attempted
    assert attempted > 10
