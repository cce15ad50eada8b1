namespace IvrApi.Admin;

/// <summary>How the admin API is reached, decided by settings alone (never by guessing the environment).</summary>
public enum AdminAccess
{
    /// <summary>
    /// This machine only, on a listener of its own (127.0.0.1:<see cref="AdminOptions.LoopbackPort"/>): a loopback peer,
    /// a loopback Host, no proxy headers. Refused on Lambda, where the Web Adapter makes every request a loopback one.
    /// </summary>
    Loopback,

    /// <summary>
    /// Behind a Lambda Function URL with <c>AWS_IAM</c> auth and the AWS Lambda Web Adapter: the request context the
    /// adapter passes in <c>x-amzn-request-context</c> (it overwrites any a client sends) must name the IAM principal.
    /// </summary>
    FunctionUrlIam,
}
