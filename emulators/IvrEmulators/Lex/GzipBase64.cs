using System.IO.Compression;
using System.Text;

namespace IvrEmulators.Lex;

/// <summary>The Lex runtime's header encoding for session state and messages: gzip, then base64 (runtime model).</summary>
public static class GzipBase64
{
    public static string Encode(string json)
    {
        using var buffer = new MemoryStream();
        using (var gzip = new GZipStream(buffer, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(json));
        }

        return Convert.ToBase64String(buffer.ToArray());
    }

    public static string Decode(string header)
    {
        using var gzip = new GZipStream(new MemoryStream(Convert.FromBase64String(header)), CompressionMode.Decompress);
        using var reader = new StreamReader(gzip, Encoding.UTF8);
        return reader.ReadToEnd();
    }
}
