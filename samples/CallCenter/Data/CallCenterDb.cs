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

    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();   // DataGuard's key-ring table
        modelBuilder.Entity<Recording>().HasOne<CallLog>().WithMany().HasForeignKey(r => r.CallLogId);
        modelBuilder.Entity<Contact>().Property(c => c.DisplayName).HasMaxLength(200);
    }
}
