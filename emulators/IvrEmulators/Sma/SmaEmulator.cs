using System.Text.Json.Nodes;
using IvrEmulators.Lex;

namespace IvrEmulators.Sma;

/// <summary>
/// The Chime SDK SIP media application's part of a call (https://docs.aws.amazon.com/chime-sdk/latest/dg/pstn-invocations.html):
/// invokes the Lambda with the documented events, runs the returned actions in order, plays the caller's script, and
/// reports what the caller heard, every bridge, how the call ended, dead air and contract violations.
/// </summary>
public sealed class SmaEmulator(
    LexRuntimeEmulator? lex,
    Func<JsonObject, CancellationToken, Task<JsonObject?>> lambda,
    SmaEmulatorOptions? options = null,
    IBridgeTarget? bridgeTarget = null)
{
    internal SmaEmulatorOptions Settings { get; } = options ?? new SmaEmulatorOptions();

    public LexRuntimeEmulator? Lex { get; } = lex;

    internal Func<JsonObject, CancellationToken, Task<JsonObject?>> Lambda { get; } = lambda;

    public Task<CallRecord> RunCallAsync(CallScript script, CancellationToken cancellationToken = default) =>
        RunCallAsync(script, new ScriptedInputs(script?.Inputs ?? []), cancellationToken);

    public Task<CallRecord> RunCallAsync(CallScript script, ICallerInputSource inputs, CancellationToken cancellationToken = default) =>
        RunCallAsync(script, inputs, new CallRecord(), cancellationToken);

    /// <summary>Runs the call into <paramref name="record"/>, which a live reader (e.g. an interactive console) may watch.</summary>
    public async Task<CallRecord> RunCallAsync(CallScript script, ICallerInputSource inputs, CallRecord record, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(script);
        ArgumentNullException.ThrowIfNull(record);
        var call = new CallState(script, new SimulatedLine(script, inputs, record, Settings.Readings), record, Settings, bridgeTarget ?? new ScriptedBridgeTarget(script));
        await new CallRun(this, call).RunAsync(cancellationToken).ConfigureAwait(false);
        record.TransactionAttributes = new Dictionary<string, string>(call.Attributes);
        return record;
    }
}
