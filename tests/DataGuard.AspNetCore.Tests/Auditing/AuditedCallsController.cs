// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.AspNetCore.Auditing;
using DataGuard.Auditing;
using Microsoft.AspNetCore.Mvc;

namespace DataGuard.AspNetCore.Tests.Auditing;

[ApiController]
[Route("audit-mvc/calls")]
[AuditPersonalData("call-review")]
public sealed class AuditedCallsController : ControllerBase
{
    [HttpGet("{id}")]
    public string Get(string id)
    {
        AuditContext.Current!.AddSubjects([AuditTestApp.SubjectOf(id)]);
        return "call";
    }

    [HttpGet("{id}/dispute")]
    [AuditPersonalData("billing-dispute")]
    public string Dispute(string id) => "dispute " + id.Length;
}
