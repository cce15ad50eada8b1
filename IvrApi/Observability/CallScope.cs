using System.Collections;

namespace IvrApi.Observability;

/// <summary>Log scope that puts a call's ids on every line written while it is handled.</summary>
internal sealed class CallScope(string? callId, string? transactionId) : IReadOnlyList<KeyValuePair<string, object?>>
{
    public int Count => 2;

    public KeyValuePair<string, object?> this[int index] => index switch
    {
        0 => new("CallId", callId),
        1 => new("TransactionId", transactionId),
        _ => throw new ArgumentOutOfRangeException(nameof(index)),
    };

    public IEnumerator<KeyValuePair<string, object?>> GetEnumerator()
    {
        yield return this[0];
        yield return this[1];
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public override string ToString() => $"CallId:{callId} TransactionId:{transactionId}";
}
