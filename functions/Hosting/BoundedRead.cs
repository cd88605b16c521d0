namespace ItEval.Hosting;

/// <summary>Reads what a client sends only up to a limit, so one request cannot fill the memory.</summary>
public static class BoundedRead
{
    /// <summary>The whole content, or null when it is larger than <paramref name="limit"/> (reading stops there).</summary>
    public static async Task<byte[]?> ReadAsync(Stream content, long limit, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        for (int n; (n = await content.ReadAsync(chunk, cancellationToken)) > 0;)
        {
            if (buffer.Length + n > limit)
            {
                return null;
            }

            buffer.Write(chunk, 0, n);
        }

        return buffer.ToArray();
    }
}
