namespace KineticLab.WaveKinetic.Anisotropic;

/// <summary>A vector of R³ (wave vector k or position x).</summary>
public readonly record struct Vec3(double X, double Y, double Z)
{
    public static readonly Vec3 Zero = new(0, 0, 0);

    public static Vec3 operator +(Vec3 a, Vec3 b) => new(a.X + b.X, a.Y + b.Y, a.Z + b.Z);
    public static Vec3 operator -(Vec3 a, Vec3 b) => new(a.X - b.X, a.Y - b.Y, a.Z - b.Z);
    public static Vec3 operator -(Vec3 a) => new(-a.X, -a.Y, -a.Z);
    public static Vec3 operator *(double s, Vec3 a) => new(s * a.X, s * a.Y, s * a.Z);

    public double Dot(Vec3 b) => X * b.X + Y * b.Y + Z * b.Z;
    public double Norm2 => X * X + Y * Y + Z * Z;
    public double Norm => Math.Sqrt(Norm2);

    public Vec3 Cross(Vec3 b) => new(Y * b.Z - Z * b.Y, Z * b.X - X * b.Z, X * b.Y - Y * b.X);

    /// <summary>Two unit vectors e1, e2 with (e1, e2, n) a right-handed orthonormal frame, for a unit vector n.</summary>
    public static void Frame(Vec3 n, out Vec3 e1, out Vec3 e2)
    {
        // branch-free choice of a helper axis far from n (Duff et al. style)
        double s = n.Z >= 0 ? 1.0 : -1.0;
        double a = -1.0 / (s + n.Z);
        double b = n.X * n.Y * a;
        e1 = new Vec3(1 + s * n.X * n.X * a, s * b, -s * n.X);
        e2 = new Vec3(b, s + n.Y * n.Y * a, -n.Y);
    }

    public override string ToString() => FormattableString.Invariant($"({X:G6}, {Y:G6}, {Z:G6})");
}
