namespace IvrApi.Http;

internal static class RequestBodyLimits
{
    /// <summary>
    /// Every endpoint gets its <see cref="RequestBodyLimit"/> (the admin one where none is set): a declared length
    /// over it is refused before reading, an undeclared (chunked) body as soon as it passes it. Kestrel's own 30 MB
    /// limit would let a 20 MB body be parsed.
    /// </summary>
    public static IApplicationBuilder UseRequestBodyLimits(this IApplicationBuilder app) => app.Use(async (context, next) =>
    {
        var limit = (context.GetEndpoint()?.Metadata.GetMetadata<RequestBodyLimit>() ?? RequestBodyLimit.Admin).Bytes;
        if (context.Request.ContentLength > limit)
        {
            await TooLargeAsync(context, limit).ConfigureAwait(false);
            return;
        }

        context.Request.Body = new LimitedReadStream(context.Request.Body, limit);
        try
        {
            await next(context).ConfigureAwait(false);
        }
        catch (RequestBodyTooLargeException) when (!context.Response.HasStarted)
        {
            await TooLargeAsync(context, limit).ConfigureAwait(false);
        }
    });

    private static async Task TooLargeAsync(HttpContext context, long limit)
    {
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>().WriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            ProblemDetails =
            {
                Status = StatusCodes.Status413PayloadTooLarge,
                Title = "The request body is too large",
                Detail = $"This endpoint reads at most {limit} bytes.",
            },
        }).ConfigureAwait(false);
    }

    private sealed class RequestBodyTooLargeException() : IOException("The request body is over the endpoint's limit.");

    /// <summary>Passes reads through and throws once more than the limit has been read.</summary>
    private sealed class LimitedReadStream(Stream inner, long limit) : Stream
    {
        private long read;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position
        {
            get => read;
            set => throw new NotSupportedException();
        }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken).ConfigureAwait(false));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        private int Count(int bytes)
        {
            read += bytes;
            return read > limit ? throw new RequestBodyTooLargeException() : bytes;
        }
    }
}
