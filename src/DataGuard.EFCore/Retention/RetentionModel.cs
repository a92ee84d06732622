// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Retention;

/// <summary>Maps the retention tables (called by <c>modelBuilder.AddDataGuard()</c>).</summary>
internal static class RetentionModel
{
    public const string LegalHoldTableName = "DataGuardLegalHolds";
    public const string ChoiceTableName = "DataGuardRetentionChoices";
    public const string LeaseTableName = "DataGuardLeases";
    public const string RunTableName = "DataGuardRetentionRuns";

    public const int TenantLength = 256;
    public const int CategoryLength = 64;
    public const int IdentifierLength = 256;
    public const int ReasonLength = 1024;

    public static void Add(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataGuardLegalHoldEntity>(hold =>
        {
            hold.ToTable(LegalHoldTableName);
            hold.HasKey(h => h.Id);
            hold.Property(h => h.Id).ValueGeneratedNever();
            hold.Property(h => h.TenantId).HasMaxLength(TenantLength);
            hold.Property(h => h.SubjectHash).HasMaxLength(128);
            hold.Property(h => h.SubjectValue).HasMaxLength(2048);
            hold.Property(h => h.EntityType).HasMaxLength(512);
            hold.Property(h => h.RecordKey).HasMaxLength(IdentifierLength);
            hold.Property(h => h.Reason).HasMaxLength(ReasonLength).IsRequired();
            hold.Property(h => h.PlacedBy).HasMaxLength(IdentifierLength).IsRequired();
            hold.Property(h => h.LiftedBy).HasMaxLength(IdentifierLength);
            hold.Property(h => h.LiftReason).HasMaxLength(ReasonLength);
            hold.HasIndex(h => h.LiftedAtMicros);
        });
        modelBuilder.Entity<DataGuardRetentionChoiceEntity>(choice =>
        {
            choice.ToTable(ChoiceTableName);
            choice.HasKey(c => new { c.TenantId, c.Category });
            choice.Property(c => c.TenantId).HasMaxLength(TenantLength);
            choice.Property(c => c.Category).HasMaxLength(CategoryLength);
            choice.Property(c => c.ChosenBy).HasMaxLength(IdentifierLength).IsRequired();
        });
        modelBuilder.Entity<DataGuardLeaseEntity>(lease =>
        {
            lease.ToTable(LeaseTableName);
            lease.HasKey(l => l.Name);
            lease.Property(l => l.Name).HasMaxLength(128);
            lease.Property(l => l.Owner).HasMaxLength(IdentifierLength);
        });
        modelBuilder.Entity<DataGuardRetentionRunEntity>(run =>
        {
            run.ToTable(RunTableName);
            run.HasKey(r => r.Id);
            run.Property(r => r.Id).ValueGeneratedNever();
            run.Property(r => r.Owner).HasMaxLength(IdentifierLength).IsRequired();
            run.Property(r => r.Status).HasMaxLength(32).IsRequired();
            run.HasIndex(r => r.StartedAtMicros);
        });
    }
}
