import { type WidgetProps, getTemplate } from '@rjsf/utils';
import { AccountWidget } from './AccountWidget';

/** A text input of another HTML type (rjsf's own input template: label, errors and events stay rjsf's). */
const inputOf = (type: string, inputMode?: 'numeric' | 'tel') =>
  function TypedInput(props: WidgetProps) {
    const BaseInputTemplate = getTemplate('BaseInputTemplate', props.registry, props.options);
    return <BaseInputTemplate {...props} type={type} {...(inputMode ? { inputMode } : {})} />;
  };

/** A level on a scale: the options side by side, one tap on a tablet. */
function ScaleWidget(props: WidgetProps) {
  const Radio = props.registry.widgets.RadioWidget!;
  return <Radio {...props} options={{ ...props.options, inline: true }} />;
}

/** A long text; formatting is not kept (documents render it as paragraphs). */
function RichTextWidget(props: WidgetProps) {
  const Textarea = props.registry.widgets.TextareaWidget!;
  return <Textarea {...props} options={{ rows: 8, ...props.options }} />;
}

/**
 * Cordée's widgets that layouts may name (`ui:widget`), besides rjsf's own: the metadata lint
 * (`registeredWidgets` in engine/core) accepts exactly these names, so every published form renders.
 */
export const WIDGETS = {
  phone: inputOf('tel', 'tel'),
  'insee-commune': inputOf('text', 'numeric'),
  signature: inputOf('text'),
  scale: ScaleWidget,
  'rich-text': RichTextWidget,
  account: AccountWidget,
};
