import { Body, Controller, Get, Post, Query } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { OrgUnitQueryDto } from '../unit-records/unit-records';
import { CandidateObjectionDto, CandidateSlateDto, LodgeObjectionDto, SlateQueryDto } from './candidate-objection.dto';
import { CandidateObjectionsService } from './candidate-objections.service';

@ApiTags('candidate-objections')
@ApiBearerAuth()
@Controller('candidate-objections')
export class CandidateObjectionsController {
  constructor(private readonly objections: CandidateObjectionsService) {}

  @Post()
  @ApiOperation({ summary: '对公示中的业主委员会候选人提出异议（本小区业主或上级单位人员；公示期内，每次公示一次）' })
  @ApiCreatedResponse({ type: CandidateObjectionDto })
  @ApiBadRequestResponse({ description: '参数有误：不是候选人公示，或候选人不在公示名单中' })
  @ApiNotFoundResponse({ description: '公示不存在或不可见' })
  @ApiConflictResponse({ description: '公示期已结束、已被新的公示取代，或已因异议中止' })
  lodge(@CurrentPrincipal() principal: Principal, @Body() body: LodgeObjectionDto): Promise<CandidateObjectionDto> {
    return this.objections.lodge(principal, body);
  }

  @Get('slates')
  @ApiOperation({ summary: '本人所属小区正在公示的业主委员会候选人名单（可提出异议的公示），公示期先结束的在前（至多50条）' })
  @ApiOkResponse({ type: [CandidateSlateDto] })
  @ApiBadRequestResponse({ description: 'orgUnit 格式有误' })
  @ApiNotFoundResponse({ description: 'orgUnit 不存在或不可见' })
  slates(@CurrentPrincipal() principal: Principal, @Query() query: SlateQueryDto): Promise<CandidateSlateDto[]> {
    return this.objections.slates(principal, query.orgUnit);
  }

  @Get()
  @ApiOperation({ summary: '候选人异议：该单元、其下级和上级中可见的异议（不含居民），最新在前（至多200条）' })
  @ApiOkResponse({ type: [CandidateObjectionDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: OrgUnitQueryDto): Promise<CandidateObjectionDto[]> {
    return this.objections.list(principal, query.orgUnit);
  }
}
