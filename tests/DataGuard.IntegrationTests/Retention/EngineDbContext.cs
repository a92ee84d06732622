// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>The retention engine tests' model: DataGuard's tables and the seed-style entity types.</summary>
public sealed class EngineDbContext(DbContextOptions<EngineDbContext> options) : DbContext(options)
{
    public DbSet<EngineCallLog> Calls => Set<EngineCallLog>();

    public DbSet<EngineRecording> Recordings => Set<EngineRecording>();

    public DbSet<EngineCallTag> CallTags => Set<EngineCallTag>();

    public DbSet<EngineTranscript> Transcripts => Set<EngineTranscript>();

    public DbSet<EngineTranscriptNote> TranscriptNotes => Set<EngineTranscriptNote>();

    public DbSet<EngineContact> Contacts => Set<EngineContact>();

    public DbSet<EngineInvoice> Invoices => Set<EngineInvoice>();

    public DbSet<EngineEvent> Events => Set<EngineEvent>();

    public DbSet<EnginePair> Pairs => Set<EnginePair>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<EngineCallLog>(call =>
        {
            call.ToTable("EngineCalls");
            call.Property(c => c.StartedAt).IsUtcTimestamp();
            call.OwnsOne(c => c.Meta, meta => meta.ToTable("EngineCallMeta"));
            call.OwnsMany(c => c.Legs, leg =>
            {
                leg.ToTable("EngineCallLegs");
                leg.Property<long>("Id");
                leg.HasKey("Id"); // one generated column: SQLite generates no values for composite keys
            });

            // Cascade in the model only: the schema's foreign key has no ON DELETE CASCADE, so the engine must delete recordings itself.
            call.HasMany(c => c.Recordings).WithOne().HasForeignKey(r => r.CallLogId).OnDelete(DeleteBehavior.ClientCascade);
        });
        modelBuilder.Entity<EngineRecording>(recording =>
        {
            recording.ToTable("EngineRecordings");
            recording.Property(r => r.RecordedAt).IsUtcTimestamp();
        });
        modelBuilder.Entity<EngineCallTag>(tag =>
        {
            tag.ToTable("EngineCallTags");
            tag.HasOne<EngineCallLog>().WithMany().HasForeignKey(t => t.CallLogId).OnDelete(DeleteBehavior.ClientSetNull);
        });
        modelBuilder.Entity<EngineTranscript>().ToTable("EngineTranscripts");
        modelBuilder.Entity<EngineTranscriptNote>(note =>
        {
            note.ToTable("EngineTranscriptNotes");
            note.HasOne<EngineTranscript>().WithMany().HasForeignKey(n => n.TranscriptId).OnDelete(DeleteBehavior.Restrict);
        });
        modelBuilder.Entity<EngineContact>(contact =>
        {
            contact.ToTable("EngineContacts");
            contact.Property(c => c.UpdatedAt).IsUtcTimestamp();
            contact.Property(c => c.Name).HasMaxLength(40);
        });
        modelBuilder.Entity<EngineInvoice>().ToTable("EngineInvoices");
        modelBuilder.Entity<EngineEvent>().ToTable("EngineEvents");
        modelBuilder.Entity<EnginePair>(pair =>
        {
            pair.ToTable("EnginePairs");
            pair.HasKey(p => new { p.Left, p.Right });
        });
    }
}
