// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;

namespace CallCenter.Data;

public sealed class CallCenterDb(DbContextOptions<CallCenterDb> options) : DbContext(options)
{
    public DbSet<Tenant> Tenants => Set<Tenant>();

    public DbSet<Contact> Contacts => Set<Contact>();

    public DbSet<CallLog> CallLogs => Set<CallLog>();

    public DbSet<Recording> Recordings => Set<Recording>();

    public DbSet<SmsMessage> SmsMessages => Set<SmsMessage>();

    public DbSet<CallStatistic> CallStatistics => Set<CallStatistic>();

    public DbSet<Invoice> Invoices => Set<Invoice>();

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();   // DataGuard's tables: key ring, token vault, audit trail, retention (holds, choices, lease, runs)
        // Restrict, not cascade: a call log goes only once its recordings (and their files, through the retention hook) have gone.
        modelBuilder.Entity<Recording>().HasOne<CallLog>().WithMany().HasForeignKey(r => r.CallLogId).OnDelete(DeleteBehavior.Restrict);
        modelBuilder.Entity<Contact>().Property(c => c.DisplayName).HasMaxLength(200);
        modelBuilder.Entity<Invoice>().Property(i => i.Number).HasMaxLength(32);
        modelBuilder.Entity<Invoice>().Property(i => i.Currency).HasMaxLength(3);

        // Retention compares these timestamps in SQL: stored in UTC, so that SQLite can compare them and PostgreSQL accepts them.
        modelBuilder.Entity<CallLog>().Property(c => c.StartedAt).IsUtcTimestamp();
        modelBuilder.Entity<Recording>().Property(r => r.RecordedAt).IsUtcTimestamp();
        modelBuilder.Entity<Contact>().Property(c => c.LastContactAt).IsUtcTimestamp();
        modelBuilder.Entity<CallStatistic>().Property(s => s.Day).IsUtcTimestamp();
        modelBuilder.Entity<Invoice>().Property(i => i.IssuedAt).IsUtcTimestamp();

        // Indexes on the timestamps: each retention batch selects by them.
        modelBuilder.Entity<CallLog>().HasIndex(c => c.StartedAt);
        modelBuilder.Entity<Recording>().HasIndex(r => r.RecordedAt);
        modelBuilder.Entity<Contact>().HasIndex(c => c.LastContactAt);
        modelBuilder.Entity<CallStatistic>().HasIndex(s => s.Day);
        modelBuilder.Entity<Invoice>().HasIndex(i => i.IssuedAt);
    }
}
