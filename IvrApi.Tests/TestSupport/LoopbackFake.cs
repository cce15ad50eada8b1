using System.Collections.Concurrent;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;

namespace IvrApi.Tests.TestSupport;

/// <summary>
/// A stand-in for an AWS API with no local equivalent, served on a free loopback port: it reads each request's body,
/// has the subclass check it (SigV4 recomputed with <see cref="SigV4Verifier"/>) and records every problem found.
/// </summary>
public abstract class LoopbackFake(string secretKey) : IAsyncDisposable
{
    private WebApplication? app;

    /// <summary>The secret key the requests must be signed with.</summary>
    protected string SecretKey { get; } = secretKey;

    public ConcurrentQueue<string> Problems { get; } = new();

    /// <summary>What to do instead of answering as the service does, after a valid request is recorded.</summary>
    public Func<HttpContext, Task>? Behaviour { get; set; }

    public string Endpoint => app!.Urls.First();

    public async ValueTask DisposeAsync()
    {
        if (app is not null)
        {
            await app.StopAsync();
            await app.DisposeAsync();
        }
    }

    protected static async Task<T> ListenAsync<T>(T fake)
        where T : LoopbackFake
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        fake.app = builder.Build();
        fake.app.Run(async context =>
        {
            using var buffer = new MemoryStream();
            await context.Request.Body.CopyToAsync(buffer);
            await fake.HandleAsync(context, buffer.ToArray());
        });
        await fake.app.StartAsync();
        return fake;
    }

    protected abstract Task HandleAsync(HttpContext context, byte[] body);

    /// <summary>Records <paramref name="problems"/>; true if there were any.</summary>
    protected bool Rejects(IReadOnlyCollection<string> problems)
    {
        foreach (var problem in problems)
        {
            Problems.Enqueue(problem);
        }

        return problems.Count > 0;
    }
}
