using System.Buffers.Binary;
using System.IO.Compression;
using System.Text;
using SkiaSharp;

namespace Samtale.Tests.Messaging;

/// <summary>Real files, built byte by byte, of the kinds citizens send and of the kinds they must not.</summary>
public static class SampleFiles
{
    /// <summary>55°40'12.3456" N as the three EXIF rationals (degrees, minutes, seconds), big-endian.</summary>
    public static readonly byte[] GpsLatitude = Rationals((55, 1), (40, 1), (123456, 10000));

    /// <summary>12°34'56.789" E.</summary>
    public static readonly byte[] GpsLongitude = Rationals((12, 1), (34, 1), (56789, 1000));

    /// <summary>The camera make written into the EXIF block, to look for afterwards.</summary>
    public const string CameraMake = "Samtale-TestKamera";

    /// <summary>A one-page PDF whose text is <paramref name="text"/> (ASCII), with a correct cross-reference table.</summary>
    public static byte[] Pdf(string text)
    {
        var content = $"BT /F1 12 Tf 20 100 Td ({text}) Tj ET";
        string[] objects =
        [
            "<< /Type /Catalog /Pages 2 0 R >>",
            "<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
            "<< /Type /Page /Parent 2 0 R /MediaBox [0 0 300 200] /Contents 4 0 R /Resources << /Font << /F1 5 0 R >> >> >>",
            $"<< /Length {content.Length} >>\nstream\n{content}\nendstream",
            "<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        ];
        var pdf = new StringBuilder("%PDF-1.4\n");
        var offsets = new List<int>();
        for (var i = 0; i < objects.Length; i++)
        {
            offsets.Add(pdf.Length);
            pdf.Append($"{i + 1} 0 obj\n{objects[i]}\nendobj\n");
        }

        var xref = pdf.Length;
        pdf.Append($"xref\n0 {objects.Length + 1}\n0000000000 65535 f \n");
        foreach (var offset in offsets)
        {
            pdf.Append($"{offset:D10} 00000 n \n");
        }

        pdf.Append($"trailer\n<< /Size {objects.Length + 1} /Root 1 0 R >>\nstartxref\n{xref}\n%%EOF\n");
        return Encoding.ASCII.GetBytes(pdf.ToString());
    }

    /// <summary>The smallest Word document Word opens: content types, the package relationship and the body.</summary>
    public static byte[] Docx(string text)
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "[Content_Types].xml", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">
                  <Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>
                  <Default Extension="xml" ContentType="application/xml"/>
                  <Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>
                </Types>
                """);
            Add(zip, "_rels/.rels", """
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">
                  <Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>
                </Relationships>
                """);
            Add(zip, "word/document.xml", $"""
                <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
                <w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">
                  <w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body>
                </w:document>
                """);
        }

        return buffer.ToArray();
    }

    /// <summary>A ZIP that is no office document (a Java archive, say), to be named ".docx".</summary>
    public static byte[] PlainZip()
    {
        using var buffer = new MemoryStream();
        using (var zip = new ZipArchive(buffer, ZipArchiveMode.Create, leaveOpen: true))
        {
            Add(zip, "META-INF/MANIFEST.MF", "Manifest-Version: 1.0\nMain-Class: Evil\n");
        }

        return buffer.ToArray();
    }

    /// <summary>The start of a Windows program: the MZ header and the DOS stub's message.</summary>
    public static byte[] WindowsProgram()
    {
        var exe = new byte[512];
        "MZ"u8.CopyTo(exe);
        BinaryPrimitives.WriteInt32LittleEndian(exe.AsSpan(0x3C), 0x80);
        "This program cannot be run in DOS mode.\r\r\n$"u8.CopyTo(exe.AsSpan(0x4E));
        "PE\0\0"u8.CopyTo(exe.AsSpan(0x80));
        return exe;
    }

    /// <summary>The start of a Linux program.</summary>
    public static byte[] LinuxProgram()
    {
        var elf = new byte[256];
        new byte[] { 0x7F, (byte)'E', (byte)'L', (byte)'F', 2, 1, 1 }.CopyTo(elf, 0);
        return elf;
    }

    /// <summary>A photo as SkiaSharp encodes it: a gradient, so re-encoding has real pixels to keep.</summary>
    public static byte[] Jpeg(int width = 64, int height = 48)
    {
        using var bitmap = new SKBitmap(width, height);
        for (var y = 0; y < height; y++)
        {
            for (var x = 0; x < width; x++)
            {
                bitmap.SetPixel(x, y, new SKColor((byte)(x * 255 / width), (byte)(y * 255 / height), 128));
            }
        }

        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(SKEncodedImageFormat.Jpeg, 90);
        return data.ToArray();
    }

    /// <summary>
    /// The photo with an EXIF block right after the start-of-image marker, as a phone writes it: an APP1
    /// segment "Exif\0\0" holding a big-endian TIFF structure with the camera make and a GPS directory.
    /// </summary>
    public static byte[] JpegWithGps()
    {
        var jpeg = Jpeg();
        var tiff = Tiff();
        var app1 = new byte[4 + 6 + tiff.Length];
        app1[0] = 0xFF;
        app1[1] = 0xE1;
        BinaryPrimitives.WriteUInt16BigEndian(app1.AsSpan(2), (ushort)(2 + 6 + tiff.Length));
        "Exif\0\0"u8.CopyTo(app1.AsSpan(4));
        tiff.CopyTo(app1, 10);
        return [.. jpeg.AsSpan(0, 2), .. app1, .. jpeg.AsSpan(2)];
    }

    // TIFF, big-endian: header, IFD0 (Make, GPSInfo pointer), GPS IFD (version, N, latitude, E, longitude), then values.
    private static byte[] Tiff()
    {
        var make = Encoding.ASCII.GetBytes(CameraMake + "\0");
        const int ifd0 = 8;
        const int ifd0Size = 2 + (2 * 12) + 4;
        const int gpsIfd = ifd0 + ifd0Size;
        const int gpsIfdSize = 2 + (5 * 12) + 4;
        var makeAt = gpsIfd + gpsIfdSize;
        var latitudeAt = makeAt + make.Length;
        var longitudeAt = latitudeAt + GpsLatitude.Length;
        var tiff = new byte[longitudeAt + GpsLongitude.Length];
        var span = tiff.AsSpan();
        "MM\0*"u8.CopyTo(span);
        BinaryPrimitives.WriteUInt32BigEndian(span[4..], ifd0);

        BinaryPrimitives.WriteUInt16BigEndian(span[ifd0..], 2);
        Entry(span[(ifd0 + 2)..], 0x010F, 2, (uint)make.Length, (uint)makeAt);
        Entry(span[(ifd0 + 14)..], 0x8825, 4, 1, gpsIfd);

        BinaryPrimitives.WriteUInt16BigEndian(span[gpsIfd..], 5);
        Entry(span[(gpsIfd + 2)..], 0x0000, 1, 4, 0x02020000);
        Entry(span[(gpsIfd + 14)..], 0x0001, 2, 2, 0x4E000000);
        Entry(span[(gpsIfd + 26)..], 0x0002, 5, 3, (uint)latitudeAt);
        Entry(span[(gpsIfd + 38)..], 0x0003, 2, 2, 0x45000000);
        Entry(span[(gpsIfd + 50)..], 0x0004, 5, 3, (uint)longitudeAt);

        make.CopyTo(span[makeAt..]);
        GpsLatitude.CopyTo(span[latitudeAt..]);
        GpsLongitude.CopyTo(span[longitudeAt..]);
        return tiff;
    }

    private static void Entry(Span<byte> at, ushort tag, ushort type, uint count, uint valueOrOffset)
    {
        BinaryPrimitives.WriteUInt16BigEndian(at, tag);
        BinaryPrimitives.WriteUInt16BigEndian(at[2..], type);
        BinaryPrimitives.WriteUInt32BigEndian(at[4..], count);
        BinaryPrimitives.WriteUInt32BigEndian(at[8..], valueOrOffset);
    }

    private static byte[] Rationals(params (uint Numerator, uint Denominator)[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan(i * 8), values[i].Numerator);
            BinaryPrimitives.WriteUInt32BigEndian(bytes.AsSpan((i * 8) + 4), values[i].Denominator);
        }

        return bytes;
    }

    private static void Add(ZipArchive zip, string name, string text)
    {
        using var writer = new StreamWriter(zip.CreateEntry(name).Open(), new UTF8Encoding(false));
        writer.Write(text);
    }
}
