/**
 * 候选人公示 (/objections): the committee candidate slates publicised in the user's compounds
 * (P1, 4.2.3.3), each with its roster and publicity period, and a form to object within the
 * period (POST /api/candidate-objections). The server's field errors show on their fields;
 * a lodged objection suspends the publicity until the community party organisation checks it.
 */
import { Alert, App, Button, Card, Descriptions, Empty, Form, Input, Result, Select, Skeleton, Table, Tag } from 'antd';
import type { ColumnsType } from 'antd/es/table';
import { useState } from 'react';
import { ApiError } from '../../api/client';
import { applyServerErrors } from '../../api/form-errors';
import type { CandidateSlate, PublicisedCandidate } from '../../api/types';
import { useLoad } from '../../api/use-load';
import { useAuth } from '../../auth/auth-context';
import { formatDate, formatDateTime } from '../../i18n/format';
import { PageHeader } from '../../layout/page-header';

/** As the server's LodgeObjectionDto: OBJECTION_TEXT_MAX_LENGTH. */
export const OBJECTION_TEXT_MAX_LENGTH = 2000;
/** The select's value for an objection to the slate as a whole (sent without candidateName). */
const WHOLE_SLATE = '';

interface ObjectionForm {
  readonly candidateName: string;
  readonly objectionText: string;
}

const FIELD_MAP: Readonly<Record<string, keyof ObjectionForm>> = { candidateName: 'candidateName', objectionText: 'objectionText' };

export default function ObjectionsPage() {
  const { api } = useAuth();
  const slates = useLoad((signal) => api.candidateSlates(signal), [api]);

  return (
    <>
      <PageHeader
        title="候选人公示"
        description="本小区正在公示的业主委员会成员候选人名单。对候选人有异议的，请在公示期内提出，社区党组织将进行核查。"
      />
      {slates.status === 'failed' && !slates.data && (
        <Alert
          type="error"
          showIcon
          message={`公示加载失败：${slates.error.message}`}
          action={
            <Button size="small" onClick={slates.reload}>
              重试
            </Button>
          }
        />
      )}
      {!slates.data && slates.status === 'loading' && <Skeleton active />}
      {slates.data && slates.data.length === 0 && (
        <Card className="rp-section">
          <Empty description="您所在的小区目前没有正在公示的候选人名单" />
        </Card>
      )}
      {slates.data?.map((slate) => (
        <SlateCard key={slate.noticeId} slate={slate} />
      ))}
    </>
  );
}

const CANDIDATE_COLUMNS: ColumnsType<PublicisedCandidate & { readonly order: number }> = [
  { title: '序号', dataIndex: 'order', width: 70 },
  { title: '姓名', dataIndex: 'name' },
  { title: '房号', dataIndex: 'roomNo', render: (roomNo: string | null) => roomNo ?? '—' },
  { title: '情况', dataIndex: 'note', render: (note: string) => (note ? <Tag color="red">{note}</Tag> : '—') },
];

function SlateCard({ slate }: { readonly slate: CandidateSlate }) {
  const { api } = useAuth();
  const { message } = App.useApp();
  const [form] = Form.useForm<ObjectionForm>();
  const [submitting, setSubmitting] = useState(false);
  const [formError, setFormError] = useState<string | undefined>();
  const [lodged, setLodged] = useState(false);

  const submit = async (values: ObjectionForm) => {
    setFormError(undefined);
    setSubmitting(true);
    try {
      await api.lodgeObjection({
        noticeId: slate.noticeId,
        objectionText: values.objectionText,
        ...(values.candidateName === WHOLE_SLATE ? {} : { candidateName: values.candidateName }),
      });
      setLodged(true);
      void message.success('提交成功');
    } catch (error) {
      // A 409 (period over, superseded, already objected) belongs to the notice, not a field.
      const placed = applyServerErrors(form, error, error instanceof ApiError && error.status === 409 ? {} : FIELD_MAP);
      setFormError(placed.formMessage);
    } finally {
      setSubmitting(false);
    }
  };

  return (
    <Card
      className="rp-section"
      title={`${slate.compoundName} · ${slate.title}`}
      extra={<Tag color="blue">公示期至 {formatDateTime(slate.publicityEnd)}</Tag>}
      data-testid="slate-card"
    >
      <Descriptions column={{ xs: 1, md: 2 }} size="small" className="rp-section">
        <Descriptions.Item label="小区">{slate.compoundName}</Descriptions.Item>
        <Descriptions.Item label="公示期">
          {formatDate(slate.publicityStart)} 至 {formatDate(slate.publicityEnd)}
        </Descriptions.Item>
      </Descriptions>
      <Table
        rowKey="name"
        size="middle"
        pagination={false}
        columns={CANDIDATE_COLUMNS}
        dataSource={slate.candidates.map((c, i) => ({ ...c, order: i + 1 }))}
        data-testid="candidate-table"
      />
      {lodged ? (
        <Result
          status="success"
          title="提交成功"
          subTitle="您的异议已提交，候选人公示暂停，社区党组织将进行核查。"
          data-testid="objection-success"
        />
      ) : slate.objectionLodged ? (
        <Alert
          className="rp-form-alert"
          type="info"
          showIcon
          message="该公示已收到异议，公示暂停，待社区党组织核查后重新公示。"
          data-testid="objection-pending"
        />
      ) : (
        <Form<ObjectionForm>
          form={form}
          layout="vertical"
          className="rp-section"
          initialValues={{ candidateName: WHOLE_SLATE, objectionText: '' }}
          onFinish={(values) => void submit(values)}
          aria-label={`对${slate.compoundName}候选人公示提出异议`}
        >
          <Form.Item name="candidateName" label="异议对象">
            <Select
              data-testid="objection-candidate"
              options={[
                { value: WHOLE_SLATE, label: '候选人名单整体' },
                ...slate.candidates.map((c) => ({ value: c.name, label: c.roomNo ? `${c.name}（${c.roomNo}）` : c.name })),
              ]}
            />
          </Form.Item>
          <Form.Item name="objectionText" label="异议内容" rules={[{ required: true, message: '请填写异议内容' }]}>
            <Input.TextArea
              rows={4}
              maxLength={OBJECTION_TEXT_MAX_LENGTH}
              showCount
              placeholder="请写明异议的事实和理由"
              data-testid="objection-text"
            />
          </Form.Item>
          {formError && <Alert className="rp-form-alert" type="error" showIcon role="alert" message={formError} data-testid="form-error" />}
          <div className="rp-form-actions">
            <Button type="primary" htmlType="submit" loading={submitting} data-testid="objection-submit">
              提交异议
            </Button>
          </div>
        </Form>
      )}
    </Card>
  );
}
