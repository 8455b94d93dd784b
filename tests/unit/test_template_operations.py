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


def functions() -> dict[str, Any]:
    return {name: r for name, r in resources().items() if r["Type"] == "AWS::Serverless::Function"}


def alarms() -> dict[str, Any]:
    return {name: r["Properties"] for name, r in resources().items() if r["Type"] == "AWS::CloudWatch::Alarm"}


def test_an_order_event_batch_that_cannot_be_published_is_kept_whole_before_the_stream_drops_it() -> None:
    # GIVEN the order events function's stream event source
    (stream,) = [e["Properties"] for e in functions()["OrderEventsFunction"]["Properties"]["Events"].values()
                 if e["Type"] == "DynamoDB"]
    on_failure = stream["DestinationConfig"]["OnFailure"]
    # THEN a batch it gives up on goes to S3, which keeps the records themselves (SQS or SNS would get only
    # their shard and sequence numbers), and it gives up while the stream (24 h) still holds the records
    assert on_failure["Type"] == "S3"
    assert on_failure["Destination"] == {"GetAtt": "OrderEventsFailureBucket.Arn"}
    assert 0 < stream["MaximumRecordAgeInSeconds"] <= 12 * 3600
    # AND each batch written there is announced on the alarm topic
    bucket = resources()["OrderEventsFailureBucket"]["Properties"]
    assert bucket["NotificationConfiguration"]["TopicConfigurations"] == [
        {"Event": "s3:ObjectCreated:*", "Topic": {"Ref": "AlarmTopic"}}]


def test_every_alarm_notifies_the_alarm_topic_which_an_operator_can_subscribe_to() -> None:
    assert alarms()
    assert all(alarm.get("AlarmActions") == [{"Ref": "AlarmTopic"}] for alarm in alarms().values())
    subscription = resources()["AlarmEmailSubscription"]
    assert subscription["Condition"] == "HasAlarmEmail"
    assert subscription["Properties"]["Endpoint"] == {"Ref": "AlarmEmail"}


def test_the_stream_falling_behind_and_every_functions_errors_raise_alarms() -> None:
    watched = {
        (alarm["MetricName"], alarm["Dimensions"][0]["Value"]["Ref"])
        for alarm in alarms().values()
        if alarm["Namespace"] == "AWS/Lambda"
    }
    assert ("IteratorAge", "OrderEventsFunction") in watched
    assert {("Errors", name) for name in functions()} <= watched


def test_every_function_logs_to_a_group_kept_for_the_configured_retention() -> None:
    for name, function in functions().items():
        group = function["Properties"]["LoggingConfig"]["LogGroup"]["Ref"]
        assert resources()[group]["Properties"]["RetentionInDays"] == {"Ref": "LogRetentionDays"}, name


def test_login_with_amazon_refusing_linked_shoppers_tokens_raises_an_alarm() -> None:
    # GIVEN the metric the skill counts when Login with Amazon refuses a token (account linking set up wrongly)
    watched = {(alarm["Namespace"], alarm["MetricName"]) for alarm in alarms().values()}
    # THEN an alarm watches it
    assert ("PantryPal", "AccountLinkRefused") in watched
