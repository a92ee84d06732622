// Copyright (c) DataGuard contributors. Licensed under the MIT License.

using DataGuard.AspNetCore.Masking;
using Microsoft.AspNetCore.Mvc;

namespace DataGuard.AspNetCore.Tests.Masking;

[ApiController]
[Route("mvc/masked")]
[MaskPersonalData]
public sealed class MaskedContactsController : ControllerBase
{
    [HttpGet("contact")]
    public ContactDto Contact() => new();

    [HttpGet("customer")]
    public ActionResult<CustomerDto> Customer() => Ok(new CustomerDto());

    [HttpGet("record")]
    public IActionResult Record() => Ok(new CallRecord(1, Values.Phone, Values.Email));

    [HttpGet("purpose")]
    [PersonalDataPurpose("billing-dispute")]
    public CallLogEntity WithPurpose() => new();
}
