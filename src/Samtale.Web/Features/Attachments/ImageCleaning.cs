using SkiaSharp;

namespace Samtale.Web.Features.Attachments;

/// <summary>
/// Photos are decoded and encoded again. That drops every piece of metadata a camera writes (GPS position,
/// device, time) because the encoder writes pixels only; the orientation is applied to the pixels first so
/// the photo still stands the right way up.
/// </summary>
public static class ImageCleaning
{
    private const int PreviewEdge = 480;

    /// <summary>A 20 MB file can hold a picture that needs gigabytes to decode; phones make at most ~50 MP.</summary>
    private const long MaxPixels = 60_000_000;

    public sealed record Cleaned(byte[] Bytes, FileKind Kind, byte[] Preview);

    public static Cleaned? Clean(byte[] original)
    {
        using var codec = SKCodec.Create(new SKMemoryStream(original));
        if (codec is null || (long)codec.Info.Width * codec.Info.Height > MaxPixels)
        {
            return null;
        }

        using var decoded = SKBitmap.Decode(codec);
        if (decoded is null)
        {
            return null;
        }

        using var upright = Orient(decoded, codec.EncodedOrigin);

        // Transparency survives as PNG; everything else becomes JPEG, which is what phones send anyway.
        var keepPng = codec.EncodedFormat is SKEncodedImageFormat.Png or SKEncodedImageFormat.Gif && !upright.IsOpaque();
        var kind = keepPng ? FileInspection.Png : FileInspection.Jpeg;
        var bytes = Encode(upright, keepPng ? SKEncodedImageFormat.Png : SKEncodedImageFormat.Jpeg, 88);
        using var small = Shrink(upright, PreviewEdge);
        return new Cleaned(bytes, kind, Encode(small, SKEncodedImageFormat.Jpeg, 75));
    }

    private static bool IsOpaque(this SKBitmap bitmap) => bitmap.AlphaType == SKAlphaType.Opaque;

    private static byte[] Encode(SKBitmap bitmap, SKEncodedImageFormat format, int quality)
    {
        using var image = SKImage.FromBitmap(bitmap);
        using var data = image.Encode(format, quality);
        return data.ToArray();
    }

    private static SKBitmap Shrink(SKBitmap source, int edge)
    {
        var scale = Math.Min(1.0, (double)edge / Math.Max(source.Width, source.Height));
        var info = new SKImageInfo(Math.Max(1, (int)(source.Width * scale)), Math.Max(1, (int)(source.Height * scale)));
        return source.Resize(info, new SKSamplingOptions(SKFilterMode.Linear, SKMipmapMode.Linear)) ?? source.Copy();
    }

    // Where each source pixel (x, y) lands: x' = a·x + b·y + c, y' = d·x + e·y + f, for a w×h source.
    private static SKBitmap Orient(SKBitmap source, SKEncodedOrigin origin)
    {
        float w = source.Width, h = source.Height;
        SKMatrix? matrix = origin switch
        {
            SKEncodedOrigin.TopRight => new SKMatrix(-1, 0, w, 0, 1, 0, 0, 0, 1),
            SKEncodedOrigin.BottomRight => new SKMatrix(-1, 0, w, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.BottomLeft => new SKMatrix(1, 0, 0, 0, -1, h, 0, 0, 1),
            SKEncodedOrigin.LeftTop => new SKMatrix(0, 1, 0, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightTop => new SKMatrix(0, -1, h, 1, 0, 0, 0, 0, 1),
            SKEncodedOrigin.RightBottom => new SKMatrix(0, -1, h, -1, 0, w, 0, 0, 1),
            SKEncodedOrigin.LeftBottom => new SKMatrix(0, 1, 0, -1, 0, w, 0, 0, 1),
            _ => null,
        };
        if (matrix is not { } m)
        {
            return source.Copy();
        }

        var swap = origin is SKEncodedOrigin.LeftTop or SKEncodedOrigin.RightTop or SKEncodedOrigin.RightBottom or SKEncodedOrigin.LeftBottom;
        var result = new SKBitmap(swap ? source.Height : source.Width, swap ? source.Width : source.Height);
        using var canvas = new SKCanvas(result);
        canvas.SetMatrix(m);
        canvas.DrawBitmap(source, 0, 0);
        return result;
    }
}
