"""template.yaml as operators deploy it: stacks side by side in one account, and what tells them of trouble."""

from __future__ import annotations

import json
from typing import Any

from skill.tables import read_template

NAMED = ("Name", "QueueName", "TopicName", "BucketName", "TableName", "LogGroupName", "AlarmName")


def resources() -> dict[str, Any]:
    resources: dict[str, Any] = read_template()["Resources"]
    return resources


def test_no_physical_name_collides_with_another_stack_of_the_skill_in_the_same_account() -> None:
    # GIVEN the names the template gives resources, and its ScheduleV2 events' names: SAM names a schedule
    # after its logical id unless told otherwise, and schedule names are unique per account and region
    named = {
        logical_id: resource["Properties"][key]
        for logical_id, resource in resources().items()
        for key in NAMED
        if key in resource.get("Properties", {})
    }
    schedules = {
        f"{function_id}.{event_id}": event["Properties"].get("Name")
        for function_id, resource in resources().items()
        if resource["Type"] == "AWS::Serverless::Function"
        for event_id, event in resource["Properties"].get("Events", {}).items()
        if event["Type"] == "ScheduleV2"
    }
    # THEN every one depends on the stack's name (or on the stage, which the dev and prod stacks differ in)
    assert len(schedules) == 2
    for logical_id, name in {**named, **schedules}.items():
        assert name is not None and ("${AWS::StackName}" in json.dumps(name) or "${Stage}" in json.dumps(name)), (
            logical_id
        )
