using System.Text.Json.Nodes;
using IvrEmulators.Contracts;
using static IvrEmulators.Contracts.SmaContract;

namespace IvrEmulators.Sma;

/// <summary>
/// One call's run loop: invoke the Lambda, check its answer against the SMA contract, run the actions, and turn their
/// outcome into the next event, until the last leg is gone.
/// </summary>
internal sealed partial class CallRun(SmaEmulator sma, CallState call)
{
    private SimulatedLine Line => call.Line;

    public async Task RunAsync(CancellationToken cancellationToken)
    {
        JsonObject? next = Event("NEW_INBOUND_CALL", null);
        var invocations = 0;
        while (next is not null)
        {
            if (++invocations > sma.Settings.MaxInvocations || Line.NowMs > sma.Settings.MaxCallMs)
            {
                call.Record.Violations.Add($"the call did not end after {invocations - 1} invocations / {Line.NowMs / 1000} s");
                End("time limit", "runaway call");
                break;
            }

            var type = next["InvocationEventType"]!.GetValue<string>();
            var response = await InvokeAsync(next, cancellationToken).ConfigureAwait(false);
            if (call.Record.Ending is not null)
            {
                break;
            }

            // HANGUP: "on a single-leg call the response is ignored"; actions are used only while another
            // participant is still Connected (https://docs.aws.amazon.com/chime-sdk/latest/dg/hangup.html).
            if (!call.LegA.Connected && call.LegB is not { Connected: true })
            {
                break;
            }

            var problem = ResponseProblem(response, type);
            if (problem is not null)
            {
                call.Record.Violations.Add($"INVALID_LAMBDA_RESPONSE to {type}: {problem.Message}");
                next = Event("INVALID_LAMBDA_RESPONSE", null, problem.ErrorType, problem.Message);
                continue;
            }

            // TransactionAttributes: a map replaces the stored one ({} erases it); absent or null keeps it
            // (https://docs.aws.amazon.com/chime-sdk/latest/dg/transaction-attributes.html).
            if (response!["TransactionAttributes"] is JsonObject attributes)
            {
                call.Attributes = attributes.ToDictionary(a => a.Key, a => a.Value!.GetValue<string>(), StringComparer.Ordinal);
            }

            var actions = response["Actions"] as JsonArray;
            next = actions is { Count: > 0 }
                ? await RunActionsAsync(actions, cancellationToken).ConfigureAwait(false)
                : await IdleAsync().ConfigureAwait(false);
        }

        call.Record.Ending ??= call.FirstLeft ?? new CallEnding(Line.NowMs, "call ended", "no connected leg", null);
        Line.EndSilence();
        if (call.Script.LateEvent && call.LastAction is not null)
        {
            await LateEventAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Actions run in order; "ACTION_SUCCESSFUL is sent only if all actions of the list succeed; if one fails you
    /// get ACTION_FAILED and the actions after it are discarded" (pstn-invocations, use-case-2), describing the
    /// last action run.
    /// </summary>
    private async Task<JsonObject?> RunActionsAsync(JsonArray actions, CancellationToken cancellationToken)
    {
        JsonObject? data = null;
        for (var i = 0; i < actions.Count; i++)
        {
            var action = (JsonObject)actions[i]!;
            var type = action["Type"]!.GetValue<string>();
            var parameters = action["Parameters"] as JsonObject ?? [];
            call.LastAction = action;
            call.ActionCounts[type] = call.ActionCounts.GetValueOrDefault(type) + 1;
            if (!call.LegA.Connected && Targets(parameters) == call.LegA.CallId && type != "Hangup")
            {
                call.Record.Violations.Add($"{type} addressed to LEG-A after the caller hung up");
            }

            var result = await RunAsync(type, parameters, cancellationToken).ConfigureAwait(false);
            if (result.Next is not null)
            {
                if (i < actions.Count - 1 && result.Next["InvocationEventType"]?.GetValue<string>() == "HANGUP" && !CallerLeft(result.Next))
                {
                    call.Record.Violations.Add($"{actions.Count - i - 1} action(s) after Hangup were never run");
                }

                return result.Next;
            }

            if (result.ErrorType is not null)
            {
                return Event("ACTION_FAILED", ActionData(type, result.Parameters ?? parameters, result.ErrorType, result.ErrorMessage));
            }

            data = ActionData(type, result.Parameters ?? parameters);
            if (result.IntentResult is not null)
            {
                data["IntentResult"] = result.IntentResult;
            }
        }

        return Event("ACTION_SUCCESSFUL", data);
    }

    private static bool CallerLeft(JsonObject hangup) =>
        hangup["ActionData"]?["Parameters"]?["ParticipantTag"]?.GetValue<string>() == "LEG-A";

    /// <summary>Nothing left to run: the caller talks to the agent, or waits in silence, until someone hangs up.</summary>
    private Task<JsonObject?> IdleAsync()
    {
        if (call.LegB is { Connected: true } agent && call.LegA.Connected)
        {
            // Each act of the caller's while bridged (waiting, talking) is one talk period; they may hang up
            // first. With nothing more to do, one last period, then whoever the script says hangs up.
            while (true)
            {
                var act = Line.CallerActs();
                if (act is CallerInput.HangUp)
                {
                    return Task.FromResult<JsonObject?>(CallerHangsUp());
                }

                Line.Occupied(call.Script.Agent.TalkSeconds * 1000);
                if (call.Script.Agent.AgentHangsUp && !Line.CallerGone)
                {
                    LegGone(agent, "agent hung up");
                    return Task.FromResult<JsonObject?>(HangupEvent(agent, "0"));
                }

                if (act is null || Line.NowMs > sma.Settings.MaxCallMs)
                {
                    return Task.FromResult<JsonObject?>(CallerHangsUp());
                }
            }
        }

        if (call.LegA.Connected)
        {
            // The caller is left with nothing playing: they wait, then hang up.
            Line.Silent(call.Script.CallerPatienceMs);
            return Task.FromResult<JsonObject?>(CallerHangsUp());
        }

        if (call.LegB is { Connected: true } orphan)
        {
            // "If one call leg hangs up, the other call leg does not automatically hang up ... the call is billed
            // until it is hung up" (call-and-bridge.html).
            call.Record.Violations.Add("LEG-B was left connected after the caller hung up");
            Line.Occupied(call.Script.Agent.TalkSeconds * 1000);
            LegGone(orphan, "agent hung up");
            return Task.FromResult<JsonObject?>(HangupEvent(orphan, "0"));
        }

        return Task.FromResult<JsonObject?>(null);
    }

    private JsonObject CallerHangsUp()
    {
        Line.CallerHangsUp();
        LegGone(call.LegA, "caller hung up");
        return HangupEvent(call.LegA, "0");
    }

    /// <summary>A leg disconnects; the first to leave says how the call ended, the last one ends it.</summary>
    private void LegGone(CallLeg leg, string how)
    {
        call.FirstLeft ??= new CallEnding(Line.NowMs, how, Where(), call.LegB is { Connected: true } b ? b.To : null);
        leg.Connected = false;
        if (leg == call.LegA)
        {
            Line.CallerHangsUp();
        }

        if (!call.LegA.Connected && call.LegB is not { Connected: true })
        {
            call.Record.Ending ??= call.FirstLeft with { AtMs = Line.NowMs };
        }
    }

    private string Where() =>
        call.LegB is { Connected: true } b ? $"bridged to {b.To}"
        : call.ActionCounts.ContainsKey("CallAndBridge") ? "after a bridge attempt"
        : call.ActionCounts.ContainsKey("StartBotConversation") ? "after the bot"
        : "before any bot or bridge";

    private void End(string how, string where) =>
        call.Record.Ending ??= new CallEnding(Line.NowMs, how, where, call.LegB is { Connected: true } b ? b.To : null);


    private async Task LateEventAsync(CancellationToken cancellationToken)
    {
        var action = call.LastAction!;
        var late = Event("ACTION_FAILED", ActionData(action["Type"]!.GetValue<string>(), action["Parameters"] as JsonObject ?? [], "SystemException", "The call leg is no longer connected"));
        var response = await InvokeAsync(late, cancellationToken).ConfigureAwait(false);
        var actions = (response?["Actions"] as JsonArray ?? []).Select(a => Text(a?["Type"])).Where(t => t != "Hangup").ToList();
        if (actions.Count > 0)
        {
            call.Record.Violations.Add($"a late ACTION_FAILED after the caller left was answered with {string.Join(", ", actions)}");
        }
    }

    private async Task<JsonObject?> InvokeAsync(JsonObject invocation, CancellationToken cancellationToken)
    {
        JsonObject? response;
        try
        {
            response = await sma.Lambda(invocation, cancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            throw;
        }
#pragma warning disable CA1031 // A failing Lambda is an outcome of the call, not of the emulator.
        catch (Exception e)
#pragma warning restore CA1031
        {
            DrainPutSessions();
            Line.Record("sma-event", invocation, new JsonObject { ["error"] = e.Message });
            call.Record.Violations.Add($"the Lambda failed on {invocation["InvocationEventType"]}: {e.Message}");
            // Unexpected hang-ups: a function error ends the call (https://docs.aws.amazon.com/chime-sdk/latest/dg/unexpected-hangups.html).
            if (call.Record.Ending is null)
            {
                End("SMA hung up: Lambda error", Where());
            }

            return null;
        }

        DrainPutSessions();
        Line.Record("sma-event", invocation, response);
        return response;
    }

    private void DrainPutSessions()
    {
        while (sma.Lex?.PutSessionCalls.TryDequeue(out var put) == true)
        {
            Line.Record("lex-put-session", new JsonObject { ["sessionId"] = put.SessionId, ["body"] = put.Request }, new JsonObject { ["status"] = put.Status, ["result"] = put.Response.DeepClone() });
        }
    }

}
