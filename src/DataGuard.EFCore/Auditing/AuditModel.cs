// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.Auditing;
using Microsoft.EntityFrameworkCore;

namespace DataGuard.EFCore.Auditing;

/// <summary>Maps the audit tables (called by <c>modelBuilder.AddDataGuard()</c>).</summary>
internal static class AuditModel
{
    /// <summary>The longest stream name (<c>tenant:</c> and a tenant id).</summary>
    public const int StreamLength = 300;

    /// <summary>The longest hash (hex SHA-256 is 64; room for longer).</summary>
    public const int HashLength = 128;

    public static void Add(ModelBuilder modelBuilder)
    {
        modelBuilder.Entity<DataGuardAuditRecordEntity>(record =>
        {
            record.ToTable(AuditTables.RecordTableName);
            record.HasKey(r => r.Id);
            record.Property(r => r.Id).ValueGeneratedOnAdd();
            record.Property(r => r.Stream).HasMaxLength(StreamLength).IsRequired();
            record.Property(r => r.Action).HasMaxLength(AuditFieldLimits.Action).IsRequired();
            record.Property(r => r.ActorId).HasMaxLength(AuditFieldLimits.Identifier);
            record.Property(r => r.ActorRoles).IsRequired();
            record.Property(r => r.ClientId).HasMaxLength(AuditFieldLimits.Identifier);
            record.Property(r => r.TenantId).HasMaxLength(AuditFieldLimits.Identifier);
            record.Property(r => r.Resource).HasMaxLength(AuditFieldLimits.Text);
            record.Property(r => r.ResourceId).HasMaxLength(AuditFieldLimits.Identifier);
            record.Property(r => r.Purpose).HasMaxLength(AuditFieldLimits.Text);
            record.Property(r => r.Reason).HasMaxLength(AuditFieldLimits.Reason);
            record.Property(r => r.TraceId).HasMaxLength(AuditFieldLimits.Short);
            record.Property(r => r.RemoteAddress).HasMaxLength(AuditFieldLimits.Short);
            record.Property(r => r.Properties).IsRequired();
            record.Property(r => r.Subjects).IsRequired();
            record.Property(r => r.PreviousHash).HasMaxLength(HashLength);
            record.Property(r => r.Hash).HasMaxLength(HashLength).IsRequired();
            record.Property(r => r.KeyId).HasMaxLength(128);
            record.HasIndex(r => new { r.Stream, r.Sequence }).IsUnique();
            record.HasIndex(r => r.TimestampMicros);
        });
        modelBuilder.Entity<DataGuardAuditSubjectEntity>(subject =>
        {
            subject.ToTable(AuditTables.SubjectTableName);
            subject.HasKey(s => new { s.SubjectHash, s.RecordId });
            subject.Property(s => s.SubjectHash).HasMaxLength(HashLength);
            subject.HasIndex(s => s.RecordId);
        });
        modelBuilder.Entity<DataGuardAuditStreamEntity>(stream =>
        {
            stream.ToTable(AuditTables.StreamTableName);
            stream.HasKey(s => s.Stream);
            stream.Property(s => s.Stream).HasMaxLength(StreamLength);
            stream.Property(s => s.Hash).HasMaxLength(HashLength);
        });
    }
}
