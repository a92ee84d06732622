// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Tests.Model;

/// <summary>Configures <see cref="ParityEntity"/>: attribute and fluent API side by side.</summary>
public sealed class ParityDbContext(DbContextOptions<ParityDbContext> options) : DbContext(options)
{
    public const int BoundedLength = 40;

    public const int BoundedBytesLength = 64;

    public DbSet<ParityEntity> Entities => Set<ParityEntity>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        var entity = modelBuilder.Entity<ParityEntity>();
        entity.Property(e => e.ByFluent).HasBlindIndex("case-insensitive");
        entity.Property(e => e.NotesByFluent).IsEncrypted(EncryptionAlgorithm.XChaCha20Poly1305, "parity.notes.fluent").AllowsPlaintextMigration();
        entity.Property(e => e.Bounded).IsEncrypted().HasMaxLength(BoundedLength);
        entity.Property(e => e.BoundedBytes).IsEncrypted().HasMaxLength(BoundedBytesLength);
        entity.ComplexProperty(e => e.Card, card => card.Property(c => c.HolderByFluent).IsEncrypted());
    }
}
