using System.Buffers.Binary;

namespace UcPortal.SipCore.Tests;

/// <summary>Audio a caller can be recognised by: a pure tone as G.711 A-law RTP in a pcap SIPp plays
/// (<c>play_pcap_audio</c>: one SSRC, continuous sequence numbers, 20 ms packets), and the strength of
/// given tones in a recorded 16-bit PCM WAV (Goertzel), to tell whose audio a message holds.</summary>
public static class ToneAudio
{
    /// <summary>Writes <paramref name="seconds"/> of a <paramref name="frequency"/> Hz tone at about -10 dBFS.</summary>
    public static void WritePcap(string path, double frequency, double seconds)
    {
        var frames = (int)Math.Round(seconds * 50);
        using var w = new BinaryWriter(File.Create(path));
        w.Write(0xa1b2c3d4u); w.Write((ushort)2); w.Write((ushort)4); w.Write(0); w.Write(0u); w.Write(65535u); w.Write(1u);
        var n = 0;
        for (var f = 0; f < frames; f++)
        {
            var rtp = new byte[12 + 160];
            rtp[0] = 0x80;
            rtp[1] = (byte)((f == 0 ? 0x80 : 0) | 8);
            BinaryPrimitives.WriteUInt16BigEndian(rtp.AsSpan(2), (ushort)(1000 + f));
            BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(4), (uint)(f * 160));
            BinaryPrimitives.WriteUInt32BigEndian(rtp.AsSpan(8), 0x55667788);
            for (var i = 0; i < 160; i++, n++)
            {
                rtp[12 + i] = LinearToALaw((short)(10000 * Math.Sin(2 * Math.PI * frequency * n / 8000)));
            }
            var frame = new byte[14 + 20 + 8 + rtp.Length];
            frame[12] = 0x08;
            var ip = frame.AsSpan(14);
            ip[0] = 0x45; ip[8] = 64; ip[9] = 17;
            BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(20 + 8 + rtp.Length));
            ip[12] = 127; ip[15] = 1; ip[16] = 127; ip[19] = 1;
            var udp = frame.AsSpan(34);
            BinaryPrimitives.WriteUInt16BigEndian(udp, 6000);
            BinaryPrimitives.WriteUInt16BigEndian(udp[2..], 6002);
            BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(8 + rtp.Length));
            rtp.CopyTo(frame, 42);
            var t = f * 0.02;
            w.Write((uint)t); w.Write((uint)Math.Round((t % 1) * 1e6)); w.Write((uint)frame.Length); w.Write((uint)frame.Length);
            w.Write(frame);
        }
    }

    /// <summary>The power of each of <paramref name="frequencies"/> in a 16-bit mono PCM WAV, relative to the strongest (1.0).</summary>
    public static double[] RelativePower(string wav, IReadOnlyList<double> frequencies)
    {
        var (samples, rate) = ReadWav(wav);
        var power = frequencies.Select(f => Goertzel(samples, rate, f)).ToArray();
        var max = power.Max();
        return max <= 0 ? power : power.Select(p => p / max).ToArray();
    }

    private static double Goertzel(short[] samples, int rate, double frequency)
    {
        var coeff = 2 * Math.Cos(2 * Math.PI * frequency / rate);
        double s1 = 0, s2 = 0;
        foreach (var x in samples)
        {
            var s0 = x + coeff * s1 - s2;
            s2 = s1;
            s1 = s0;
        }
        return s1 * s1 + s2 * s2 - coeff * s1 * s2;
    }

    private static (short[] Samples, int Rate) ReadWav(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var pos = 12;
        var rate = 8000;
        while (pos + 8 <= bytes.Length)
        {
            var id = System.Text.Encoding.ASCII.GetString(bytes, pos, 4);
            var size = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 4));
            if (id == "fmt ")
            {
                rate = BinaryPrimitives.ReadInt32LittleEndian(bytes.AsSpan(pos + 12));
            }
            if (id == "data")
            {
                var count = Math.Min(size, bytes.Length - pos - 8) / 2;
                var samples = new short[count];
                for (var i = 0; i < count; i++)
                {
                    samples[i] = BinaryPrimitives.ReadInt16LittleEndian(bytes.AsSpan(pos + 8 + 2 * i));
                }
                return (samples, rate);
            }
            pos += 8 + size + (size & 1);
        }
        throw new InvalidDataException($"{path}: no data chunk");
    }

    /// <summary>G.711 A-law encoding of one 16-bit sample.</summary>
    private static byte LinearToALaw(short sample)
    {
        int pcm = sample;
        var mask = pcm >= 0 ? 0xD5 : 0x55;
        if (pcm < 0)
        {
            pcm = -pcm - 1;
        }
        pcm >>= 3;
        int[] segEnd = [0x1F, 0x3F, 0x7F, 0xFF, 0x1FF, 0x3FF, 0x7FF, 0xFFF];
        var seg = 0;
        while (seg < 8 && pcm > segEnd[seg])
        {
            seg++;
        }
        if (seg >= 8)
        {
            return (byte)(0x7F ^ mask);
        }
        var aval = seg << 4;
        aval |= seg < 2 ? (pcm >> 1) & 0x0F : (pcm >> seg) & 0x0F;
        return (byte)(aval ^ mask);
    }
}
