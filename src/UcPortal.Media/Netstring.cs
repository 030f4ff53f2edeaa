using System.Text;

namespace UcPortal.Media;

/// <summary>baresip's ctrl_tcp framing: <c>LENGTH:PAYLOAD,</c> (djb's netstrings), one JSON object each.</summary>
public sealed class Netstring
{
    private readonly List<byte> _buffer = [];

    public static byte[] Encode(string payload)
    {
        var body = Encoding.UTF8.GetBytes(payload);
        return [.. Encoding.ASCII.GetBytes($"{body.Length}:"), .. body, (byte)','];
    }

    /// <summary>Adds received bytes and returns every complete payload they finish.</summary>
    public IReadOnlyList<string> Feed(ReadOnlySpan<byte> data)
    {
        _buffer.AddRange(data.ToArray());
        var payloads = new List<string>();
        while (true)
        {
            var colon = _buffer.IndexOf((byte)':');
            if (colon < 0)
            {
                if (_buffer.Count > 10)
                {
                    throw new InvalidDataException("ctrl_tcp framing lost: no length prefix");
                }
                return payloads;
            }
            if (!int.TryParse(Encoding.ASCII.GetString(_buffer.GetRange(0, colon).ToArray()), out var length) || length < 0)
            {
                throw new InvalidDataException("ctrl_tcp framing lost: bad length prefix");
            }
            if (_buffer.Count < colon + 1 + length + 1)
            {
                return payloads;
            }
            payloads.Add(Encoding.UTF8.GetString(_buffer.GetRange(colon + 1, length).ToArray()));
            _buffer.RemoveRange(0, colon + 1 + length + 1);
        }
    }
}
