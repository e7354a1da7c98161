import { Body, Controller, Get, Param, Patch, Post, Query } from '@nestjs/common';
import {
  ApiBearerAuth,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
} from '@nestjs/swagger';
import { CurrentPrincipal, type Principal } from '../auth/principal';
import { CreateOrgUnitDto, ListOrgUnitsQuery, OrgUnitDetailDto, OrgUnitDto, OrgUnitIdParams, UpdateOrgUnitDto } from './dtos/org-unit.dto';
import { OrgService } from './org.service';

@ApiTags('org-units')
@ApiBearerAuth()
@Controller('org-units')
export class OrgController {
  constructor(private readonly org: OrgService) {}

  @Get()
  @ApiOperation({ summary: '列出本人所属单元及其下级（任何已登录用户）' })
  @ApiOkResponse({ type: [OrgUnitDto] })
  list(@CurrentPrincipal() principal: Principal, @Query() query: ListOrgUnitsQuery): Promise<OrgUnitDto[]> {
    return this.org.list(principal, query);
  }

  @Get(':id')
  @ApiOperation({ summary: '一个组织单元，含上级与直属下级；看不到的单元答 404' })
  @ApiOkResponse({ type: OrgUnitDetailDto })
  @ApiNotFoundResponse({ description: '不存在或不可见' })
  get(@CurrentPrincipal() principal: Principal, @Param() params: OrgUnitIdParams): Promise<OrgUnitDetailDto> {
    return this.org.get(principal, params.id);
  }

  @Post()
  @ApiOperation({ summary: '在本人管理的单元之下新建单元（管理员）' })
  @ApiCreatedResponse({ type: OrgUnitDetailDto })
  @ApiForbiddenResponse({ description: '不是管理员，或上级单元可见但不归本人管理' })
  @ApiNotFoundResponse({ description: '上级单元不存在或不可见' })
  create(@CurrentPrincipal() principal: Principal, @Body() body: CreateOrgUnitDto): Promise<OrgUnitDetailDto> {
    return this.org.create(principal, body);
  }

  @Patch(':id')
  @ApiOperation({ summary: '改名或移动单元（整棵子树随之移动；管理员）' })
  @ApiOkResponse({ type: OrgUnitDetailDto })
  @ApiForbiddenResponse({ description: '不是管理员，或单元可见但不归本人管理' })
  @ApiNotFoundResponse({ description: '不存在或不可见' })
  update(
    @CurrentPrincipal() principal: Principal,
    @Param() params: OrgUnitIdParams,
    @Body() body: UpdateOrgUnitDto,
  ): Promise<OrgUnitDetailDto> {
    return this.org.update(principal, params.id, body);
  }
}
