"""Create DynamoDB tables from the definitions in template.yaml, so tests, the local runner and the
deployed stack cannot drift apart. Used by tests and ``make run``; the Lambda functions never create tables.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

__all__ = ["TEMPLATE", "create_tables", "read_template", "table_definitions"]

TEMPLATE = Path(__file__).resolve().parent.parent / "template.yaml"
_COPIED = ("AttributeDefinitions", "KeySchema", "GlobalSecondaryIndexes", "LocalSecondaryIndexes",
           "StreamSpecification", "BillingMode")


class _CfnLoader(yaml.SafeLoader):
    """A YAML loader that reads CloudFormation short-form tags (!Ref, !Sub, !GetAtt ...) as plain values."""


def _tag(loader: yaml.SafeLoader, suffix: str, node: yaml.Node) -> Any:
    if isinstance(node, yaml.ScalarNode):
        return {suffix: loader.construct_scalar(node)}
    if isinstance(node, yaml.SequenceNode):
        return {suffix: loader.construct_sequence(node)}
    return {suffix: loader.construct_mapping(node)}  # type: ignore[arg-type]


_CfnLoader.add_multi_constructor("!", _tag)


def read_template(template: Path = TEMPLATE) -> dict[str, Any]:
    """The template as plain data; a short-form tag reads as ``{tag: value}`` (``!Ref X`` -> ``{"Ref": "X"}``)."""
    document: dict[str, Any] = yaml.load(template.read_text(), Loader=_CfnLoader)
    return document


def table_definitions(template: Path = TEMPLATE) -> dict[str, dict[str, Any]]:
    """Logical id -> CreateTable arguments (without TableName) for every ``AWS::DynamoDB::Table``."""
    resources = read_template(template)["Resources"]
    definitions = {}
    for logical_id, resource in resources.items():
        if resource["Type"] == "AWS::DynamoDB::Table":
            props = resource["Properties"]
            definitions[logical_id] = {key: props[key] for key in _COPIED if key in props}
    return definitions


def create_tables(client: Any, names: dict[str, str], template: Path = TEMPLATE) -> None:
    """Create each table of ``template`` named in ``names`` (logical id -> table name) unless it exists."""
    existing = set(client.list_tables()["TableNames"])
    for logical_id, definition in table_definitions(template).items():
        name = names[logical_id]
        if name in existing:
            continue
        args = dict(definition)
        if "StreamSpecification" in args:
            args["StreamSpecification"] = {"StreamEnabled": True, **args["StreamSpecification"]}
        client.create_table(TableName=name, **args)
        client.get_waiter("table_exists").wait(TableName=name, WaiterConfig={"Delay": 0.1})
