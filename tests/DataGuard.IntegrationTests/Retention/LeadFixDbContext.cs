// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace DataGuard.IntegrationTests.Retention;

/// <summary>
/// The model of the tests of the lead's retention fixes: timestamps under several converters, a TPH hierarchy, a cascade principal and
/// dependent, tenant rows and a table with personal data.
/// </summary>
public sealed class LeadFixDbContext(DbContextOptions<LeadFixDbContext> options) : DbContext(options)
{
    protected override void OnModelCreating(ModelBuilder modelBuilder)
    {
        modelBuilder.AddDataGuard();
        modelBuilder.Entity<LeadFixStamp>(stamp =>
        {
            stamp.ToTable("LeadFixStamps");
            stamp.Property(s => s.BinaryAt).HasConversion(new DateTimeOffsetToBinaryConverter());
            stamp.Property(s => s.LongAt).HasConversion<long>();
            stamp.Property(s => s.UtcAt).IsUtcTimestamp();
        });
        modelBuilder.Entity<LeadFixDocument>(document =>
        {
            document.ToTable("LeadFixDocuments");
            document.Property(d => d.At).IsUtcTimestamp();
        });
        modelBuilder.Entity<LeadFixInvoiceDocument>();
        modelBuilder.Entity<LeadFixParent>(parent =>
        {
            parent.ToTable("LeadFixParents");
            parent.Property(p => p.At).IsUtcTimestamp();
            parent.HasMany(p => p.Children).WithOne().HasForeignKey(c => c.ParentId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<LeadFixChild>(child =>
        {
            child.ToTable("LeadFixChildren");
            child.Property(c => c.At).IsUtcTimestamp();
        });
        modelBuilder.Entity<LeadFixNode>(node =>
        {
            node.ToTable("LeadFixNodes");
            node.Property(n => n.At).IsUtcTimestamp();
            node.HasOne<LeadFixNode>().WithMany().HasForeignKey(n => n.ParentId).OnDelete(DeleteBehavior.Cascade);
        });
        modelBuilder.Entity<LeadFixTenantRow>(row =>
        {
            row.ToTable("LeadFixTenantRows");
            row.Property(r => r.At).IsUtcTimestamp();
        });
        modelBuilder.Entity<LeadFixPerson>(person =>
        {
            person.ToTable("LeadFixPeople");
            person.Property(p => p.At).IsUtcTimestamp();
        });
    }
}
