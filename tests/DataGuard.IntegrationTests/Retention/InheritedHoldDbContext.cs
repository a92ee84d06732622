// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>The inherited-hold tests' model: calls &lt;- recordings (optional key, cascade) &lt;- recording notes (cascade; optionally about a call, set null).</summary>
public sealed class InheritedHoldDbContext(DbContextOptions<InheritedHoldDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<InheritedHoldCall>(call =>
        {
            call.ToTable("InheritedHoldCalls");
            call.Property(c => c.StartedAt).IsUtcTimestamp();
        });
        modelBuilder.Entity<InheritedHoldRecording>(recording =>
        {
            recording.ToTable("InheritedHoldRecordings");
            recording.Property(r => r.RecordedAt).IsUtcTimestamp();
            recording.HasOne<InheritedHoldCall>().WithMany().HasForeignKey(r => r.CallId).IsRequired(false).OnDelete(DeleteBehavior.ClientCascade);
        });
        modelBuilder.Entity<InheritedHoldRecordingNote>(note =>
        {
            note.ToTable("InheritedHoldRecordingNotes");
            note.Property(n => n.WrittenAt).IsUtcTimestamp();
            note.HasOne<InheritedHoldRecording>().WithMany().HasForeignKey(n => n.RecordingId).OnDelete(DeleteBehavior.ClientCascade);
            note.HasOne<InheritedHoldCall>().WithMany().HasForeignKey(n => n.AboutCallId).IsRequired(false).OnDelete(DeleteBehavior.ClientSetNull);
        });
    }
}
